/**
 * The one validation layer: zod schemas, and what a bad input becomes — ValidationError (400) with
 * each field's problem, or BAD_JSON for a body that is not JSON. Used by Next routes
 * (app/_lib/api.ts), the raw fast routes (server/http/) and socket handlers.
 */
import { z } from "zod";
import { AppError, NotFoundError, ValidationError, type Missing } from "@/lib/errors";
import type { MessageKey } from "@/lib/i18n/messages";

export function zodDetails(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

/**
 * Where a NUL character hides in an input (a JSON path such as "clinicalSummary" or "items.2.name"),
 * or null. PostgreSQL refuses the byte in text, so it must be answered as bad input, not reach SQL.
 */
export function nulBytePath(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "(value)" : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulBytePath(item, [...path, String(index)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes("\u0000") ? [...path, key].join(".") : nulBytePath(item, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Refuses an input with a NUL character anywhere: 400 NUL_BYTE, naming the field. */
export function refuseNulBytes(value: unknown): void {
  const path = nulBytePath(value);
  if (path !== null) throw new AppError("VALIDATION_FAILED", "errors.nulByte", { publicCode: "NUL_BYTE", details: [{ path, message: "NUL character" }], params: { field: path } });
}

/**
 * The value as the schema reads it, or a 400 naming what is wrong (with `messageKey`'s text). A
 * text over its schema's maximum gets its own message with the limit and the length sent: a
 * limit is said, never applied by cutting the text.
 */
export function validate<Schema extends z.ZodType>(schema: Schema, raw: unknown, messageKey: MessageKey = "errors.validation"): z.infer<Schema> {
  refuseNulBytes(raw);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw textTooLong(parsed.error, raw) ?? new ValidationError(messageKey, zodDetails(parsed.error));
  return parsed.data;
}

function textTooLong(error: z.ZodError, raw: unknown): AppError | null {
  const issue = error.issues.find((candidate) => candidate.code === "too_big" && candidate.origin === "string");
  if (!issue || issue.code !== "too_big") return null;
  const value = issue.path.reduce<unknown>((at, key) => (at !== null && typeof at === "object" ? (at as Record<PropertyKey, unknown>)[key] : undefined), raw);
  const length = typeof value === "string" ? value.trim().length : 0;
  const max = Number(issue.maximum);
  return new AppError("VALIDATION_FAILED", "errors.textTooLong", {
    publicCode: "TEXT_TOO_LONG",
    details: zodDetails(error),
    params: { field: issue.path.join(".") || "(value)", max: max.toLocaleString("en-US"), length: length.toLocaleString("en-US") },
  });
}

/** A request body: JSON first (BAD_JSON otherwise), then the schema. */
export function parseJsonBody<Schema extends z.ZodType>(schema: Schema, rawBody: string): z.infer<Schema> {
  let raw: unknown;
  try {
    raw = JSON.parse(rawBody);
  } catch {
    throw new AppError("VALIDATION_FAILED", "errors.badJson", { publicCode: "BAD_JSON" });
  }
  return validate(schema, raw);
}

/**
 * Bidirectional controls: embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and
 * the invisible direction marks (U+200E, U+200F, U+061C). In a name they reorder what is shown,
 * so "report\u202Egpj.pdf" displays as "reportfdp.jpg": never kept in a name or title.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}

/** A file name for storage and display: bidi controls and C0 controls removed, no path separators, the last `max` characters. */
export function cleanFileName(name: string, fallback: string, max = 200): string {
  const cleaned = [...withoutBidiControls(name)].map((ch) => (ch < " " || ch === "\u007f" || ch === "/" || ch === "\\" ? "_" : ch)).join("").trim();
  return cleaned.slice(-max) || fallback;
}

/** A name or title people read (a person's name, a terminal's, a room's): bidi controls removed, trimmed, at most `max`. */
export const displayText = (max: number) => z.string().overwrite(withoutBidiControls).trim().max(max);

const uuid = z.uuid();

export function isUuid(value: unknown): value is string {
  return uuid.safeParse(value).success;
}

/**
 * The one parser of ids in a URL path (`/api/consultations/<id>/…`, `[roomId]`, …): a UUID, or
 * a 404 naming what the id is of (`MISSING.x` from server/notFound.ts), so a malformed id is
 * answered like an unknown one.
 */
export function pathId(params: Record<string, string | string[] | undefined>, name: string, missing: Missing): string {
  const value = params[name];
  if (isUuid(value)) return value;
  throw new NotFoundError(missing);
}

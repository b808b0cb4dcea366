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
 * The deepest nesting any input may have (objects and arrays inside each other). The platform's
 * deepest schema is a few levels deep; JSON.parse accepts millions of levels, and code that walks
 * a value recursively (this module's checks before, JSON.stringify, libraries) overflows the stack
 * on a few thousand: a 400 here, never a 500 there.
 */
export const MAX_INPUT_DEPTH = 64;

type Finding = { problem: "nul" | "depth"; path: string };

/** The first NUL character or the first too-deep point in a value, walked without recursion. */
function inputProblem(value: unknown): Finding | null {
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (pending.length > 0) {
    const { value: item, path } = pending.pop() as { value: unknown; path: string[] };
    if (typeof item === "string") {
      if (item.includes("\u0000")) return { problem: "nul", path: path.join(".") || "(value)" };
      continue;
    }
    if (item === null || typeof item !== "object") continue;
    if (path.length >= MAX_INPUT_DEPTH) return { problem: "depth", path: path.slice(0, 8).join(".") + "…" };
    const entries = Array.isArray(item) ? item.map((child, index) => [String(index), child] as const) : Object.entries(item);
    // Reversed onto the stack, so the first field is looked at first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i] as readonly [string, unknown];
      if (key.includes("\u0000")) return { problem: "nul", path: [...path, key].join(".") };
      pending.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

/**
 * Where a NUL character hides in an input (a JSON path such as "clinicalSummary" or "items.2.name"),
 * or null. PostgreSQL refuses the byte in text, so it must be answered as bad input, not reach SQL.
 */
export function nulBytePath(value: unknown): string | null {
  const found = inputProblem(value);
  return found?.problem === "nul" ? found.path : null;
}

/** An AppError (400) for a NUL character or nesting deeper than MAX_INPUT_DEPTH, or null. */
export function unsafeInputError(value: unknown): AppError | null {
  const found = inputProblem(value);
  if (!found) return null;
  if (found.problem === "depth") return new AppError("VALIDATION_FAILED", "errors.tooDeep", { publicCode: "TOO_DEEP", details: [{ path: found.path, message: "nested too deeply" }], params: { depth: MAX_INPUT_DEPTH } });
  return new AppError("VALIDATION_FAILED", "errors.nulByte", { publicCode: "NUL_BYTE", details: [{ path: found.path, message: "NUL character" }], params: { field: found.path } });
}

/** Refuses an input with a NUL character anywhere (400 NUL_BYTE, naming the field) or nested too deeply (400 TOO_DEEP). */
export function refuseNulBytes(value: unknown): void {
  const error = unsafeInputError(value);
  if (error) throw error;
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
 * A row's version as a client sends it back (optimistic locking): a PostgreSQL integer. A number
 * past 2^31 - 1 would reach SQL and fail there as a 500 (found by the fuzz suite).
 */
export const rowVersion = z.number().int().min(1).max(2_147_483_647);

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

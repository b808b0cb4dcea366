/** Small helpers for the consultation route handlers: ids from the path, query strings, JSON-safe values. */
import { z } from "zod";
import { NotFoundError, type Missing } from "@/lib/errors";
import { validate } from "@/lib/validation";
import { MISSING } from "@/server/notFound";

const uuid = z.uuid();

/** A malformed id is answered like an unknown one: `missing` names what the id is of. */
export function idParam(params: Record<string, string | string[]>, missing: Missing = MISSING.consultation, name = "id"): string {
  const value = params[name];
  const parsed = uuid.safeParse(value);
  if (!parsed.success) throw new NotFoundError(missing);
  return parsed.data;
}

export function parseQuery<Schema extends z.ZodType>(schema: Schema, url: string): z.infer<Schema> {
  const entries = Object.fromEntries([...new URL(url).searchParams.entries()].filter(([, value]) => value !== ""));
  return validate(schema, entries);
}

/** BigInt ids (event rows) become strings; everything else is JSON as usual. */
export function plain<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "bigint" ? inner.toString() : inner)));
}

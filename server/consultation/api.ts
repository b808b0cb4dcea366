/** Small helpers for the consultation route handlers: query strings, JSON-safe values (path ids: pathId in lib/validation.ts). */
import type { z } from "zod";
import { validate } from "@/lib/validation";

export function parseQuery<Schema extends z.ZodType>(schema: Schema, url: string): z.infer<Schema> {
  const entries = Object.fromEntries([...new URL(url).searchParams.entries()].filter(([, value]) => value !== ""));
  return validate(schema, entries);
}

/** BigInt ids (event rows) become strings; everything else is JSON as usual. */
export function plain<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "bigint" ? inner.toString() : inner)));
}

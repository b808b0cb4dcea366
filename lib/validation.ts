/**
 * The one validation layer: zod schemas, and what a bad input becomes — ValidationError (400) with
 * each field's problem, or BAD_JSON for a body that is not JSON. Used by Next routes
 * (app/_lib/api.ts), the raw fast routes (server/http/) and socket handlers.
 */
import type { z } from "zod";
import { AppError, ValidationError } from "@/lib/errors";

export function zodDetails(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

/** The value as the schema reads it, or a 400 naming what is wrong (with `messageKey`'s text). */
export function validate<Schema extends z.ZodType>(schema: Schema, raw: unknown, messageKey = "errors.validation"): z.infer<Schema> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(messageKey, zodDetails(parsed.error));
  return parsed.data;
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

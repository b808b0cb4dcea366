import { ApiCallError } from "@/components/healthcard/api";

/** A refused form: the server's message and the field it names (a domain check's `{ field }`, or zod's first path). */
export interface FormError {
  message: string;
  field: string | null;
}

export function formErrorOf(error: unknown, networkMessage: string): FormError {
  if (!(error instanceof ApiCallError) || !error.message) return { message: networkMessage, field: null };
  const details = error.details;
  let field: string | null = null;
  if (details && typeof details === "object" && !Array.isArray(details) && typeof (details as { field?: unknown }).field === "string") field = (details as { field: string }).field;
  else if (Array.isArray(details) && details[0] && typeof (details[0] as { path?: unknown }).path === "string") field = ((details[0] as { path: string }).path.split(".")[0] ?? null) || null;
  return { message: error.message, field };
}

/** The full address of a one-time link the API answered as a path (`/account/setup#…`). */
export function absoluteLink(path: string): string {
  return typeof window === "undefined" ? path : new URL(path, window.location.origin).toString();
}

/** Calls the platform's JSON API from the browser; errors carry the server's translated message. */
import type { TextKey } from "@/lib/i18n";
export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    /** The server's `details`: `{ field }` from a domain check, or zod's `[{ path, message }]`. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function callApi<T>(url: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  let response: Response;
  try {
    response = await fetch(url, {
      ...rest,
      headers: { ...(json !== undefined ? { "content-type": "application/json" } : {}), ...(rest.headers ?? {}) },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
      cache: "no-store",
    });
  } catch {
    throw new ApiCallError("", "NETWORK", 0);
  }
  const payload = (await response.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (!response.ok) throw new ApiCallError(payload?.error?.message ?? "", payload?.error?.code ?? "INTERNAL", response.status, payload?.error?.details);
  return payload as T;
}

/** The message to show: the server's, or a generic one when the network failed. */
export function errorText(error: unknown, t: (key: TextKey) => string): string {
  if (error instanceof ApiCallError && error.message) return error.message;
  return t("healthCard.ui.networkError");
}

export const DOC_TYPES = ["01", "02", "03", "04", "05", "06", "07", "99"] as const;
export const IDENTIFIER_KINDS = ["VISIT_CARD", "HOSPITAL_PATIENT_NO", "MATERNAL_CHILD_CARD", "IMMUNISATION_CARD", "SOCIAL_SECURITY_CARD"] as const;

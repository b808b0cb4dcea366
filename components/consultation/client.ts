/** Browser-side calls to the platform's JSON APIs; errors come back already translated. */
export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

export async function callApi<T>(url: string, options: { method?: string; body?: unknown; form?: FormData } = {}): Promise<ApiResult<T>> {
  try {
    const response = await fetch(url, {
      method: options.method ?? (options.body !== undefined || options.form ? "POST" : "GET"),
      headers: options.body !== undefined ? { "content-type": "application/json" } : undefined,
      body: options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
    const payload = (await response.json().catch(() => null)) as { error?: Omit<ApiFailure, "status"> } | T | null;
    if (!response.ok) {
      const error = (payload as { error?: Omit<ApiFailure, "status"> } | null)?.error;
      return { ok: false, error: { status: response.status, code: error?.code ?? "INTERNAL", message: error?.message ?? response.statusText, details: error?.details } };
    }
    return { ok: true, data: payload as T };
  } catch {
    return { ok: false, error: { status: 0, code: "NETWORK", message: "" } };
  }
}

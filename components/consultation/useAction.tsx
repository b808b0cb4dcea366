"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi, type ApiFailure } from "./client";

/** Runs one API call, keeps busy/error state, refreshes the server-rendered page on success. */
export function useAction() {
  const router = useRouter();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  // Busy until the refreshed page has arrived, so a slow network cannot invite a second tap on a stale button.
  const [refreshing, startRefresh] = useTransition();
  const [error, setError] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function run<T>(url: string, options: { body?: unknown; form?: FormData; method?: string; success?: string; onError?: (error: ApiFailure) => void } = {}): Promise<T | null> {
    setBusy(true);
    setError(null);
    setDone(null);
    const result = await callApi<T>(url, options);
    setBusy(false);
    if (!result.ok) {
      setError({ ...result.error, message: result.error.message || t("cons.error.network") });
      options.onError?.(result.error);
      return null;
    }
    if (options.success) setDone(options.success);
    startRefresh(() => router.refresh());
    return result.data;
  }
  return { busy: busy || refreshing, error, done, run, setError };
}

export function ActionMessages({ error, done }: { error: ApiFailure | null; done: string | null }) {
  return (
    <>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error.message}
        </p>
      ) : null}
      {done ? (
        <p className="notice notice--success" role="status">
          {done}
        </p>
      ) : null}
    </>
  );
}

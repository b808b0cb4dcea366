"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import type { ImportJobView } from "@/server/healthcard/import/jobs";
import { ApiCallError, errorText } from "./api";
import type { MessageKey } from "@/lib/i18n";

const POLL_MS = 1000;

export function ImportAdmin() {
  const { t } = useI18n();
  const [jobs, setJobs] = useState<ImportJobView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const load = useCallback(
    () =>
      fetch("/api/admin/imports", { cache: "no-store" })
        .then((response) => (response.ok ? (response.json() as Promise<{ jobs: ImportJobView[] }>) : Promise.reject(new ApiCallError("", "HTTP", response.status))))
        .then(
          (result) => setJobs(result.jobs),
          (e: unknown) => setError(errorText(e, t)),
        ),
    [t],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const active = jobs?.some((job) => job.status === "QUEUED" || job.status === "RUNNING") ?? false;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [active, load]);

  async function onUpload(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/admin/imports", { method: "POST", body: new FormData(formElement) });
      if (!response.ok) {
        const payload = (await response.json().catch(() => null)) as { error?: { message: string; code: string } } | null;
        throw new ApiCallError(payload?.error?.message ?? "", payload?.error?.code ?? "HTTP", response.status);
      }
      formElement.reset();
      await load();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="stack">
      <form className="form card" onSubmit={onUpload} encType="multipart/form-data">
        <p className="field__hint">{t("healthCard.ui.import.columns")}</p>
        <div className="field">
          <label htmlFor="import-file">{t("healthCard.ui.import.file")}</label>
          <input id="import-file" name="file" type="file" required accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
        </div>
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={pending} aria-busy={pending}>
          {pending ? t("healthCard.ui.submitting") : t("healthCard.ui.import.upload")}
        </button>
      </form>
      <h2>{t("healthCard.ui.import.jobs")}</h2>
      {jobs === null ? <p role="status">{t("healthCard.ui.loading")}</p> : null}
      {jobs?.length === 0 ? <p className="card empty-state">{t("healthCard.ui.import.none")}</p> : null}
      {jobs?.map((job) => (
        <article key={job.id} className="card stack" data-testid="import-job" data-status={job.status}>
          <h3>
            {job.fileName} · <span data-testid="import-status">{t(`healthCard.ui.import.status.${job.status}`)}</span>
            {job.encoding ? <span className="muted"> ({job.encoding.toUpperCase()})</span> : null}
          </h3>
          <progress className="import-progress" max={Math.max(job.totalRows, 1)} value={job.processedRows} aria-label={t("healthCard.ui.import.progress", { processed: job.processedRows, total: job.totalRows })} />
          <p aria-live="polite">{t("healthCard.ui.import.progress", { processed: job.processedRows, total: job.totalRows })}</p>
          <p data-testid="import-summary">{t("healthCard.ui.import.summary", { created: job.createdCount, linked: job.linkedCount, unchanged: job.unchangedCount, errors: job.errorCount })}</p>
          {job.failureKey ? (
            <p className="notice notice--error" role="alert">
              {/* stored by the import runner (server/healthcard/import/runner.ts): a healthCard.import.* key */}
              {t(job.failureKey as MessageKey)}
            </p>
          ) : null}
          {job.errorCount > 0 ? (
            <a className="button button--ghost" href={`/api/admin/imports/${job.id}/report`} download>
              {t("healthCard.ui.import.report")}
            </a>
          ) : null}
        </article>
      ))}
    </div>
  );
}

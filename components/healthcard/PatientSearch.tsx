"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi, errorText } from "./api";
import { QrScanner } from "./QrScanner";

export interface ResidentRow {
  id: string;
  name: string;
  sex: string;
  birthDate: string | null;
  docType: string | null;
  docNumberMasked: string | null;
  phoneMasked: string | null;
  cardIdMasked: string | null;
  cardStatus: string | null;
  verified: boolean;
  matchedBy?: string;
}

export function PatientSearch({ canIssue }: { canIssue: boolean }) {
  const { t } = useI18n();
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<ResidentRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [scanning, setScanning] = useState(false);

  const search = useCallback(
    async (text: string, openSingle: boolean) => {
      setPending(true);
      setError(null);
      try {
        const { results: found } = await callApi<{ results: ResidentRow[] }>(`/api/patients?q=${encodeURIComponent(text)}`);
        setResults(found);
        if (openSingle && found.length === 1 && found[0]) router.push(`/patients/${found[0].id}`);
      } catch (e) {
        setError(errorText(e, t));
        setResults(null);
      } finally {
        setPending(false);
      }
    },
    [router, t],
  );

  const onScanned = useCallback(
    (text: string) => {
      setScanning(false);
      setQuery(text);
      void search(text, true);
    },
    [search],
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void search(query, false);
  }

  return (
    <div className="stack">
      <form className="card form" role="search" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="patient-query">{t("healthCard.ui.search.label")}</label>
          <input id="patient-query" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" spellCheck={false} />
          <span className="field__hint">{t("healthCard.ui.search.hint")}</span>
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={pending} aria-busy={pending}>
            {t("healthCard.ui.search.submit")}
          </button>
          <button type="button" className="button button--ghost" onClick={() => setScanning(true)}>
            {t("healthCard.ui.scan.open")}
          </button>
          {canIssue ? (
            <Link className="button button--ghost" href="/patients/new">
              {t("healthCard.ui.window.link")}
            </Link>
          ) : null}
        </div>
      </form>
      {scanning ? <QrScanner onCode={onScanned} onClose={() => setScanning(false)} /> : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {results && results.length === 0 ? (
        <p className="card empty-state" role="status">
          {t("healthCard.ui.search.none")}
        </p>
      ) : null}
      {results && results.length > 0 ? (
        <div className="card table-wrap">
          <table className="table" data-testid="patient-results">
            <caption className="muted">{t("healthCard.ui.search.count", { count: results.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("healthCard.ui.field.name")}</th>
                <th scope="col">{t("healthCard.ui.field.sex")}</th>
                <th scope="col">{t("healthCard.ui.field.birthDate")}</th>
                <th scope="col">{t("healthCard.ui.field.docNumber")}</th>
                <th scope="col">{t("healthCard.ui.field.cardStatus")}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link href={`/patients/${row.id}`}>{row.name}</Link>
                  </td>
                  <td>{t(`healthCard.ui.sex.${row.sex}`)}</td>
                  <td>{row.birthDate ?? "—"}</td>
                  <td>{row.docNumberMasked ?? "—"}</td>
                  <td>{row.cardStatus ? t(`healthCard.ui.status.${row.cardStatus}`) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

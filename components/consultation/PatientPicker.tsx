"use client";

import { useId, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi } from "./client";

export interface PickedPatient {
  id: string;
  name: string;
  sex: string;
  birthDate: string | null;
  docNumberMasked: string | null;
}

/** Finds a resident by health-card QR text, card number, document number, local identifier or name. */
export function PatientPicker({ value, onChange }: { value: PickedPatient | null; onChange: (patient: PickedPatient | null) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<PickedPatient[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function search() {
    if (query.trim().length < 2) {
      setError(t("cons.patient.tooShort"));
      return;
    }
    setBusy(true);
    setError(null);
    const result = await callApi<PickedPatient[]>(`/api/consultations/patients?q=${encodeURIComponent(query.trim())}`);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message || t("cons.error.network"));
      return;
    }
    setResults(result.data);
  }

  if (value) {
    return (
      <div className="notice notice--info" data-testid="picked-patient">
        {t("cons.patient.picked", { name: value.name, doc: value.docNumberMasked ?? "—" })}{" "}
        <button type="button" className="button button--ghost" onClick={() => onChange(null)}>
          {t("cons.patient.change")}
        </button>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{t("cons.patient.search")}</label>
      <div className="row-actions">
        <input
          id={id}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              void search();
            }
          }}
          aria-describedby={`${id}-hint`}
          className="patient-picker__query"
        />
        <button type="button" className="button button--ghost" onClick={() => void search()} disabled={busy}>
          {busy ? t("common.loading") : t("cons.patient.find")}
        </button>
      </div>
      <span id={`${id}-hint`} className="field__hint">
        {t("cons.patient.hint")}
      </span>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {results && results.length === 0 ? <p role="status">{t("cons.patient.none")}</p> : null}
      {results && results.length > 0 ? (
        <ul className="slot-list" aria-label={t("cons.patient.results")}>
          {results.map((patient) => (
            <li key={patient.id}>
              <button type="button" className="button button--ghost" onClick={() => onChange(patient)}>
                {patient.name} · {t(`cons.sex.${patient.sex}`)} · {patient.birthDate ?? "—"} · {patient.docNumberMasked ?? "—"}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

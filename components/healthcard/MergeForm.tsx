"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import type { ResidentSummary } from "@/server/healthcard/lookup";
import type { MergePreview } from "@/server/healthcard/merge";
import { callApi, errorText } from "./api";
import { cardText, conflictFieldsText, MergeComparison, MergeEffects, recordLine, type Translate } from "./MergeComparison";

type Loadable<T> = { state: "idle" } | { state: "loading" } | { state: "error"; message: string } | { state: "done"; value: T };

const REASON_MIN = 4;
const REASON_MAX = 500;
const reasonOk = (value: string) => Array.from(value.trim()).length >= REASON_MIN && Array.from(value.trim()).length <= REASON_MAX;

function personText(resident: ResidentSummary, t: Translate): string {
  return [t(`healthCard.ui.sex.${resident.sex}`), resident.birthDate ?? "—", resident.docNumberMasked ?? "—"].join(" · ");
}

/**
 * Merge a duplicate record into this one: search for it (the platform's resident search, this
 * record left out), check both records side by side, give a reason, confirm.
 */
export function MergeForm({ residentId }: { residentId: string }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const ids = { query: useId(), reason: useId(), reasonHelp: useId(), override: useId(), overrideHelp: useId(), group: useId() };
  const [query, setQuery] = useState("");
  const [search, setSearch] = useState<Loadable<ResidentSummary[]>>({ state: "idle" });
  const [selected, setSelected] = useState<string | null>(null);
  const [preview, setPreview] = useState<Loadable<MergePreview>>({ state: "idle" });
  const [reason, setReason] = useState("");
  const [overrideReason, setOverrideReason] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [merged, setMerged] = useState<string | null>(null);
  // Answers to an earlier pick (arrowing through the results) must not overwrite a later one.
  const previewRequest = useRef(0);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const overrideRef = useRef<HTMLTextAreaElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (merged) doneRef.current?.focus();
  }, [merged]);

  function resetPick() {
    previewRequest.current++;
    setSelected(null);
    setPreview({ state: "idle" });
    setFormError(null);
  }

  async function onSearch(event: FormEvent) {
    event.preventDefault();
    resetPick();
    setMerged(null);
    setSearch({ state: "loading" });
    try {
      const { results } = await callApi<{ results: ResidentSummary[] }>(`/api/patients?q=${encodeURIComponent(query)}`);
      setSearch({ state: "done", value: results.filter((row) => row.id !== residentId) });
    } catch (error) {
      setSearch({ state: "error", message: errorText(error, t) });
    }
  }

  async function pick(fromId: string) {
    const request = ++previewRequest.current;
    setSelected(fromId);
    setFormError(null);
    setPreview({ state: "loading" });
    try {
      const value = await callApi<MergePreview>(`/api/patients/${residentId}/merge-preview?from=${encodeURIComponent(fromId)}`);
      if (request === previewRequest.current) setPreview({ state: "done", value });
    } catch (error) {
      if (request === previewRequest.current) setPreview({ state: "error", message: errorText(error, t) });
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!reasonOk(reason)) {
      setFormError(t("healthCard.merge.reasonRequired"));
      reasonRef.current?.focus();
      return;
    }
    if (preview.state === "done" && preview.value.conflicts.length > 0) {
      const problem = !reasonOk(overrideReason) ? t("healthCard.merge.overrideReasonRequired") : overrideReason.trim() === reason.trim() ? t("healthCard.merge.overrideReasonSame") : null;
      if (problem) {
        setFormError(problem);
        overrideRef.current?.focus();
        return;
      }
    }
    setFormError(null);
    setConfirming(true);
  }

  async function onConfirm() {
    if (!selected) return;
    setBusy(true);
    try {
      const conflicted = preview.state === "done" && preview.value.conflicts.length > 0;
      await callApi("/api/patients/merge", { method: "POST", json: { intoResidentId: residentId, fromResidentId: selected, reason: reason.trim(), ...(conflicted ? { overrideReason: overrideReason.trim() } : {}) } });
      setConfirming(false);
      setMerged(residentId);
      setSearch({ state: "idle" });
      setQuery("");
      setReason("");
      setOverrideReason("");
      resetPick();
      router.refresh();
    } catch (error) {
      setConfirming(false);
      setFormError(errorText(error, t));
    } finally {
      setBusy(false);
    }
  }

  const previewValue = preview.state === "done" ? preview.value : null;
  const conflicts = previewValue?.conflicts ?? [];
  // Identities that differ, and the actor may not override: nothing to submit, the notice says why.
  const blocked = conflicts.length > 0 && !previewValue?.canOverride;
  return (
    <section className="card stack merge-card" aria-labelledby={`${ids.group}-heading`} data-testid="merge-form">
      <h2 id={`${ids.group}-heading`}>{t("healthCard.ui.merge.heading")}</h2>
      <p className="field__hint">{t("healthCard.ui.merge.hint")}</p>

      {merged ? (
        <div ref={doneRef} tabIndex={-1} className="notice notice--success" role="status" data-testid="merge-done">
          {t("healthCard.ui.merge.done")} <Link href={`/patients/${merged}`}>{t("healthCard.ui.merge.openSurvivor")}</Link>
        </div>
      ) : null}

      <form className="form" role="search" onSubmit={onSearch} noValidate>
        <div className="field">
          <label htmlFor={ids.query}>{t("healthCard.ui.merge.searchLabel")}</label>
          <div className="button-row">
            <input id={ids.query} value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" spellCheck={false} maxLength={200} aria-describedby={`${ids.query}-hint`} />
            <button type="submit" className="button button--ghost" disabled={search.state === "loading"} aria-busy={search.state === "loading"}>
              {t("healthCard.ui.merge.search")}
            </button>
          </div>
          <span id={`${ids.query}-hint`} className="field__hint">
            {t("healthCard.ui.merge.searchHint")}
          </span>
        </div>
      </form>

      <LoadStatus load={search} loadingText={t("healthCard.ui.merge.searching")}>
        {search.state === "done" && search.value.length === 0 ? <p className="empty-state merge-empty">{t("healthCard.ui.merge.none")}</p> : null}
      </LoadStatus>

      {search.state === "done" && search.value.length > 0 ? (
        <fieldset className="merge-candidates" data-testid="merge-candidates">
          <legend>{t("healthCard.ui.merge.candidates", { count: search.value.length })}</legend>
          {search.value.map((row) => (
            <label key={row.id} className={`merge-candidate${selected === row.id ? " merge-candidate--selected" : ""}`}>
              <input type="radio" name={`${ids.group}-from`} value={row.id} checked={selected === row.id} onChange={() => void pick(row.id)} />
              <span className="merge-candidate__text">
                <strong>{row.name}</strong>
                <span>{personText(row, t)}</span>
                <span className="muted">{cardText(row, t, locale, true)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}

      <LoadStatus load={preview} loadingText={t("healthCard.ui.merge.loadingPreview")} />

      {previewValue ? (
        <form className="form" onSubmit={onSubmit} noValidate data-testid="merge-preview">
          <h3>{t("healthCard.ui.merge.previewHeading")}</h3>
          {conflicts.length > 0 ? <ConflictNotice preview={previewValue} /> : null}
          <MergeComparison preview={previewValue} />
          <MergeEffects preview={previewValue} />
          {blocked ? null : (
            <>
              <ReasonField id={ids.reason} hintId={ids.reasonHelp} label={t("healthCard.ui.merge.reason")} hint={t("healthCard.ui.merge.reasonHint")} value={reason} onChange={setReason} invalid={formError !== null && !reasonOk(reason)} fieldRef={reasonRef} />
              {conflicts.length > 0 ? (
                <ReasonField id={ids.override} hintId={ids.overrideHelp} label={t("healthCard.ui.merge.overrideReason")} hint={t("healthCard.ui.merge.overrideReasonHint")} value={overrideReason} onChange={setOverrideReason} invalid={formError !== null && reasonOk(reason) && (!reasonOk(overrideReason) || overrideReason.trim() === reason.trim())} fieldRef={overrideRef} />
              ) : null}
            </>
          )}
          {formError ? (
            <p className="notice notice--error" role="alert">
              {formError}
            </p>
          ) : null}
          {blocked ? null : (
            <div className="button-row">
              <button type="submit" className="button button--danger" disabled={busy}>
                {t("healthCard.ui.merge.submit")}
              </button>
            </div>
          )}
        </form>
      ) : null}
      {previewValue ? (
        <ConfirmDialog
          open={confirming}
          title={t("healthCard.ui.merge.confirmTitle")}
          confirmLabel={t("healthCard.ui.merge.confirmButton")}
          cancelLabel={t("healthCard.ui.cancel")}
          danger
          busy={busy}
          onConfirm={() => void onConfirm()}
          onCancel={() => setConfirming(false)}
        >
          <dl className="detail-grid" data-testid="merge-confirm-records">
            <dt>{t("healthCard.ui.merge.confirmKept")}</dt>
            <dd>{recordLine(previewValue.into.resident, t)}</dd>
            <dt>{t("healthCard.ui.merge.confirmRetired")}</dt>
            <dd>{recordLine(previewValue.from.resident, t)}</dd>
          </dl>
          {conflicts.length > 0 ? <p className="notice notice--error">{t("healthCard.ui.merge.confirmOverride", { fields: conflictFieldsText(conflicts, t, locale) })}</p> : null}
          <p>{t("healthCard.ui.merge.confirmWhat")}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/** The identity fields that differ, and what may be done about it. */
function ConflictNotice({ preview }: { preview: MergePreview }) {
  const { t, locale } = useI18n();
  return (
    <div className="notice notice--error merge-conflict" role="alert" data-testid="merge-conflict">
      <p>
        <strong>{t("healthCard.ui.merge.conflictHeading")}</strong>
      </p>
      <p>{conflictFieldsText(preview.conflicts, t, locale)}</p>
      <p>{preview.canOverride ? t("healthCard.ui.merge.conflictOverrideHint") : t("healthCard.ui.merge.conflictBlocked")}</p>
    </div>
  );
}

interface ReasonFieldProps {
  id: string;
  hintId: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  fieldRef: RefObject<HTMLTextAreaElement | null>;
}

function ReasonField({ id, hintId, label, hint, value, onChange, invalid, fieldRef }: ReasonFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea ref={fieldRef} id={id} value={value} onChange={(e) => onChange(e.target.value)} required maxLength={REASON_MAX} rows={3} aria-invalid={invalid} aria-describedby={hintId} />
      <span id={hintId} className="field__hint">
        {hint}
      </span>
    </div>
  );
}

/** Announces loading, an error, or what `children` says about the answer. */
function LoadStatus({ load, loadingText, children }: { load: Loadable<unknown>; loadingText: string; children?: ReactNode }) {
  return (
    <div aria-live="polite" aria-busy={load.state === "loading"}>
      {load.state === "loading" ? <p className="muted">{loadingText}</p> : null}
      {load.state === "error" ? (
        <p className="notice notice--error" role="alert">
          {load.message}
        </p>
      ) : null}
      {children}
    </div>
  );
}

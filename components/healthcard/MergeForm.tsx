"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import type { ResidentSummary } from "@/server/healthcard/lookup";
import type { MergePreview, MergePreviewSide } from "@/server/healthcard/merge";
import { callApi, errorText } from "./api";

type Translate = ReturnType<typeof useI18n>["t"];
type Named = { name: string; nameEn: string | null };
type Loadable<T> = { state: "idle" } | { state: "loading" } | { state: "error"; message: string } | { state: "done"; value: T };

const REASON_MIN = 4;
const REASON_MAX = 500;

function localName(named: Named, locale: string): string {
  return locale === "en" && named.nameEn ? named.nameEn : named.name;
}

/** Card status and issuer; `labelled` puts "health card" in front where no column header says it. */
function cardText(resident: ResidentSummary, t: Translate, locale: string, labelled: boolean): string {
  if (!resident.cardStatus) return t("healthCard.ui.merge.noCard");
  const state = t(`healthCard.ui.status.${resident.cardStatus}`);
  const status = labelled ? `${t("healthCard.ui.merge.healthCard")} ${state}` : state;
  return resident.cardInstitution ? `${status} · ${t("healthCard.ui.merge.issuedBy", { institution: localName(resident.cardInstitution, locale) })}` : status;
}

function personText(resident: ResidentSummary, t: Translate): string {
  return [t(`healthCard.ui.sex.${resident.sex}`), resident.birthDate ?? "—", resident.docNumberMasked ?? "—"].join(" · ");
}

/**
 * Merge a duplicate record into this one: search for it (the platform's resident search, this
 * record left out), check both records side by side, give a reason, confirm.
 */
export function MergeForm({ residentId, residentName }: { residentId: string; residentName: string }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const ids = { query: useId(), reason: useId(), reasonHelp: useId(), group: useId() };
  const [query, setQuery] = useState("");
  const [search, setSearch] = useState<Loadable<ResidentSummary[]>>({ state: "idle" });
  const [selected, setSelected] = useState<string | null>(null);
  const [preview, setPreview] = useState<Loadable<MergePreview>>({ state: "idle" });
  const [reason, setReason] = useState("");
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [merged, setMerged] = useState<string | null>(null);
  // Answers to an earlier pick (arrowing through the results) must not overwrite a later one.
  const previewRequest = useRef(0);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
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
    const trimmed = reason.trim();
    if (trimmed.length < REASON_MIN || trimmed.length > REASON_MAX) {
      setFormError(t("healthCard.merge.reasonRequired"));
      reasonRef.current?.focus();
      return;
    }
    setFormError(null);
    setConfirming(true);
  }

  async function onConfirm() {
    if (!selected) return;
    setBusy(true);
    try {
      await callApi("/api/patients/merge", { method: "POST", json: { intoResidentId: residentId, fromResidentId: selected, reason: reason.trim() } });
      setConfirming(false);
      setMerged(residentId);
      setSearch({ state: "idle" });
      setQuery("");
      setReason("");
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
          <MergeComparison preview={previewValue} />
          <MergeEffects preview={previewValue} />
          <div className="field">
            <label htmlFor={ids.reason}>{t("healthCard.ui.merge.reason")}</label>
            <textarea
              ref={reasonRef}
              id={ids.reason}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              maxLength={REASON_MAX}
              rows={3}
              aria-invalid={formError !== null && reason.trim().length < REASON_MIN}
              aria-describedby={ids.reasonHelp}
            />
            <span id={ids.reasonHelp} className="field__hint">
              {t("healthCard.ui.merge.reasonHint")}
            </span>
          </div>
          {formError ? (
            <p className="notice notice--error" role="alert">
              {formError}
            </p>
          ) : null}
          <div className="button-row">
            <button type="submit" className="button button--danger" disabled={busy}>
              {t("healthCard.ui.merge.submit")}
            </button>
          </div>
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
          <p>{t("healthCard.ui.merge.confirm", { from: previewValue.from.resident.name, into: residentName })}</p>
        </ConfirmDialog>
      ) : null}
    </section>
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

function identifierList(side: MergePreviewSide, t: Translate, locale: string): ReactNode {
  if (side.identifiers.length === 0) return t("healthCard.ui.merge.noIdentifiers");
  return (
    <ul className="merge-identifiers">
      {side.identifiers.map((identifier) => (
        <li key={identifier.id}>
          {t(`healthCard.ui.kind.${identifier.kind}`)} <span className="break">{identifier.value}</span>
          <span className="muted"> · {identifier.issuerName ? localName(identifier.issuerName, locale) : identifier.issuer}</span>
        </li>
      ))}
    </ul>
  );
}

function MergeComparison({ preview }: { preview: MergePreview }) {
  const { t, locale } = useI18n();
  const rows: [string, (side: MergePreviewSide) => ReactNode][] = [
    [t("healthCard.ui.field.name"), (side) => side.resident.name],
    [t("healthCard.ui.field.sex"), (side) => t(`healthCard.ui.sex.${side.resident.sex}`)],
    [t("healthCard.ui.field.birthDate"), (side) => side.resident.birthDate ?? "—"],
    [t("healthCard.ui.field.docType"), (side) => (side.resident.docType ? t(`healthCard.ui.docType.${side.resident.docType}`) : "—")],
    [t("healthCard.ui.field.docNumber"), (side) => side.resident.docNumberMasked ?? "—"],
    [t("healthCard.ui.merge.phone"), (side) => side.resident.phoneMasked ?? "—"],
    [t("healthCard.ui.merge.healthCard"), (side) => cardText(side.resident, t, locale, false)],
    [t("healthCard.ui.field.cardId"), (side) => <span className="break">{side.resident.cardIdMasked ?? "—"}</span>],
    [t("healthCard.ui.merge.identifiers"), (side) => identifierList(side, t, locale)],
    [t("healthCard.ui.merge.consultations"), (side) => t("healthCard.ui.merge.count", { count: side.consultations })],
    [t("healthCard.ui.merge.advice"), (side) => t("healthCard.ui.merge.count", { count: side.followUpAdvice })],
    [t("healthCard.ui.merge.account"), (side) => t(side.resident.hasPortalAccount ? "healthCard.ui.merge.accountYes" : "healthCard.ui.merge.accountNo")],
  ];
  return (
    <div className="table-wrap">
      <table className="table merge-compare" data-testid="merge-compare">
        <caption className="muted">{t("healthCard.ui.merge.previewCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("healthCard.ui.merge.item")}</th>
            <th scope="col">{t("healthCard.ui.merge.keep")}</th>
            <th scope="col">
              {t("healthCard.ui.merge.retire")}{" "}
              <Link href={`/patients/${preview.from.resident.id}`} target="_blank" rel="noopener">
                {t("healthCard.ui.merge.openOther")}
              </Link>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, cell]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td data-side="into">{cell(preview.into)}</td>
              <td data-side="from">{cell(preview.from)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MergeEffects({ preview }: { preview: MergePreview }) {
  const { t } = useI18n();
  const { effect } = preview;
  return (
    <div className="notice notice--info" data-testid="merge-effects">
      <p>{t("healthCard.ui.merge.effectHeading")}</p>
      <ul>
        <li>{t("healthCard.ui.merge.effectKept")}</li>
        <li>{t("healthCard.ui.merge.effectIdentifiers", { count: effect.identifiersMoved })}</li>
        <li>{t("healthCard.ui.merge.effectHistory", { consultations: effect.consultationsMoved, advice: effect.adviceMoved })}</li>
        <li>{effect.retiredCardIdMasked ? t("healthCard.ui.merge.effectCard", { cardId: effect.retiredCardIdMasked }) : t("healthCard.ui.merge.effectNoCard")}</li>
        {effect.accountMoved ? <li>{t("healthCard.ui.merge.effectAccount")}</li> : null}
      </ul>
    </div>
  );
}

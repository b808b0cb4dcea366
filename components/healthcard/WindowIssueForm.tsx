"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi, errorText } from "./api";
import { useFieldErrors } from "@/components/ui/useFieldErrors";
import { PersonFields, personFromForm } from "./RegisterForm";

interface Issued {
  residentId: string;
  cardIdMasked: string;
  existing: boolean;
}

export function WindowIssueForm() {
  const { t } = useI18n();
  const [docType, setDocType] = useState("01");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  const fields = useFieldErrors();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const text = (name: string) => String(form.get(name) ?? "").trim() || null;
      setIssued(await callApi<Issued>("/api/patients", { method: "POST", json: { ...personFromForm(form), portalUsername: text("portalUsername"), visitCardNumber: text("visitCardNumber") } }));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setPending(false);
    }
  }

  if (issued) {
    return (
      <div className="card stack" role="status" data-testid="issue-result">
        <p className="notice notice--info">{t(issued.existing ? "healthCard.ui.window.existing" : "healthCard.ui.window.issued")}</p>
        <p>
          {t("healthCard.ui.field.cardId")}: <code className="break" data-testid="issued-card-id">{issued.cardIdMasked}</code>
        </p>
        <div className="button-row">
          <Link className="button button--primary" href={`/patients/${issued.residentId}`}>
            {t("healthCard.ui.window.open")}
          </Link>
          <button type="button" className="button button--ghost" onClick={() => setIssued(null)}>
            {t("healthCard.ui.window.another")}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="form card" onSubmit={onSubmit} noValidate aria-describedby={error ? "issue-error" : undefined}>
      <PersonFields docType={docType} onDocType={setDocType} fields={fields} />
      <div className="field">
        <label htmlFor="visitCardNumber">{t("healthCard.ui.field.visitCard")}</label>
        <input id="visitCardNumber" name="visitCardNumber" autoComplete="off" maxLength={64} />
      </div>
      <div className="field">
        <label htmlFor="portalUsername">{t("healthCard.ui.field.portalUsername")}</label>
        <input id="portalUsername" name="portalUsername" autoComplete="off" autoCapitalize="none" maxLength={64} />
        <span className="field__hint">{t("healthCard.ui.field.portalUsernameHint")}</span>
      </div>
      {error ? (
        <p id="issue-error" className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={pending} aria-busy={pending}>
        {pending ? t("healthCard.ui.submitting") : t("healthCard.ui.window.submit")}
      </button>
    </form>
  );
}

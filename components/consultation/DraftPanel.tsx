"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { FieldError, useFieldErrors } from "@/components/ui/useFieldErrors";
import { ActionMessages, useAction } from "./useAction";

/** Consent, attachments and submission of the requester's draft. */
export function DraftPanel({ id, version, consentAt, canSubmit }: { id: string; version: number; consentAt: string | null; canSubmit: boolean }) {
  const { t } = useI18n();
  const consent = useAction();
  const submit = useAction();
  const [method, setMethod] = useState("ON_SCREEN_SIGNATURE");
  const [confirmed, setConfirmed] = useState(false);
  const fields = useFieldErrors();

  async function recordConsent(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    const givenBy = String(new FormData(event.currentTarget).get("givenBy") ?? "");
    if (!confirmed) {
      consent.setError({ status: 400, code: "VALIDATION_FAILED", message: t("cons.consent.tickRequired") });
      return;
    }
    await consent.run(`/api/consultations/${id}/consent`, { body: { method, givenBy, expectedVersion: version }, success: t("cons.consent.recorded") });
  }

  return (
    <section className="card stack" aria-labelledby="draft-heading">
      <div className="cons-title">
        <h2 id="draft-heading">{t("cons.draft.heading")}</h2>
        <Link className="button button--ghost" href={`/consultations/${id}/edit`}>
          {t("cons.draft.edit")}
        </Link>
      </div>
      {consentAt ? (
        <p className="notice notice--success" data-testid="consent-recorded">
          {t("cons.consent.done")}
        </p>
      ) : (
        <form className="form" onSubmit={(event) => void recordConsent(event)} noValidate>
          <fieldset className="field">
            <legend>{t("cons.consent.method")}</legend>
            {["ON_SCREEN_SIGNATURE", "PORTAL_CONFIRMATION"].map((m) => (
              <label key={m} className="choice">
                <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} /> {t(`cons.consent.${m}`)}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="givenBy">{t("cons.consent.givenBy")}</label>
            <input id="givenBy" name="givenBy" required maxLength={100} {...fields.fieldProps("givenBy")} />
            <FieldError id="givenBy" error={fields.errors.givenBy} />
          </div>
          <label className="choice">
            <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} /> {t("cons.consent.statement")}
          </label>
          <ActionMessages error={consent.error} done={consent.done} />
          <div>
            <button type="submit" className="button button--ghost" disabled={consent.busy}>
              {t("cons.consent.record")}
            </button>
          </div>
        </form>
      )}
      <AttachmentUpload id={id} />
      <ActionMessages error={submit.error} done={submit.done} />
      {canSubmit ? (
        <div className="row-actions">
          <button
            type="button"
            className="button button--primary"
            disabled={submit.busy}
            onClick={() => void submit.run(`/api/consultations/${id}/submit`, { body: { expectedVersion: version }, success: t("cons.draft.submitted") })}
          >
            {t("cons.draft.submit")}
          </button>
          {!consentAt ? <span className="field__hint">{t("cons.draft.consentFirst")}</span> : null}
        </div>
      ) : null}
    </section>
  );
}

export function AttachmentUpload({ id }: { id: string }) {
  const { t } = useI18n();
  const upload = useAction();
  const [key, setKey] = useState(0);
  async function onChange(file: File | undefined) {
    if (!file) return;
    if (file.size > 20 * 1024 * 1024) {
      upload.setError({ status: 413, code: "TOO_LARGE", message: t("consultation.attachmentTooLarge", { maxMb: 20 }) });
      return;
    }
    const form = new FormData();
    form.set("file", file);
    await upload.run(`/api/consultations/${id}/attachments`, { form, success: t("cons.attach.uploaded", { name: file.name }) });
    setKey((k) => k + 1);
  }
  return (
    <div className="field">
      <label htmlFor="attachment">{t("cons.attach.label")}</label>
      <input key={key} id="attachment" type="file" accept=".pdf,.jpg,.jpeg,.png,.dcm,application/pdf,image/jpeg,image/png,application/dicom" onChange={(event) => void onChange(event.target.files?.[0])} disabled={upload.busy} />
      <span className="field__hint">{t("cons.attach.hint")}</span>
      <ActionMessages error={upload.error} done={upload.done} />
    </div>
  );
}

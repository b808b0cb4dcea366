"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { IDENTIFIER_KINDS, callApi, errorText } from "./api";
import type { MessageKey } from "@/lib/i18n";

function useAction() {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const run = async (action: () => Promise<unknown>, doneKey: MessageKey) => {
    setPending(true);
    setError(null);
    setDone(null);
    try {
      await action();
      setDone(t(doneKey));
      router.refresh();
      return true;
    } catch (e) {
      setError(errorText(e, t));
      return false;
    } finally {
      setPending(false);
    }
  };
  const feedback = (
    <>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {done ? (
        <p className="notice notice--info" role="status">
          {done}
        </p>
      ) : null}
    </>
  );
  return { t, run, pending, feedback };
}

export function LinkIdentifierForm({ residentId }: { residentId: string }) {
  const { t, run, pending, feedback } = useAction();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const ok = await run(
      () => callApi(`/api/patients/${residentId}/identifiers`, { method: "POST", json: { kind: form.get("kind"), issuer: String(form.get("issuer") ?? "") || null, value: String(form.get("value") ?? "") } }),
      "healthCard.ui.link.done",
    );
    if (ok) formElement.reset();
  }
  return (
    <form className="form card" onSubmit={onSubmit} noValidate>
      <h2>{t("healthCard.ui.link.heading")}</h2>
      <div className="field">
        <label htmlFor="kind">{t("healthCard.ui.field.identifierKind")}</label>
        <select id="kind" name="kind" defaultValue="VISIT_CARD">
          {IDENTIFIER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`healthCard.ui.kind.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="value">{t("healthCard.ui.field.identifierValue")}</label>
        <input id="value" name="value" required autoComplete="off" maxLength={64} />
      </div>
      <div className="field">
        <label htmlFor="issuer">{t("healthCard.ui.field.issuer")}</label>
        <input id="issuer" name="issuer" autoComplete="off" maxLength={32} />
        <span className="field__hint">{t("healthCard.ui.field.issuerHint")}</span>
      </div>
      {feedback}
      <button type="submit" className="button button--primary" disabled={pending} aria-busy={pending}>
        {t("healthCard.ui.link.submit")}
      </button>
    </form>
  );
}

export function VerifyButton({ residentId }: { residentId: string }) {
  const { t, run, pending, feedback } = useAction();
  return (
    <div className="stack">
      <button type="button" className="button button--primary" disabled={pending} onClick={() => void run(() => callApi(`/api/patients/${residentId}/verify`, { method: "POST" }), "healthCard.ui.verify.done")}>
        {t("healthCard.ui.verify.staff")}
      </button>
      {feedback}
    </div>
  );
}

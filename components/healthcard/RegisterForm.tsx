"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { PendingButton } from "@/components/ui/PendingButton";
import { FieldError, useFieldErrors } from "@/components/ui/useFieldErrors";
import { DOC_TYPES, callApi, errorText } from "./api";

interface Issued {
  residentId: string;
  cardIdMasked: string;
  existing: boolean;
  verified: boolean;
}

const ID_LIKE = new Set(["01", "02", "05"]);

/** The person fields shared by online registration and window issuance. */
export function PersonFields({ docType, onDocType, fields }: { docType: string; onDocType: (value: string) => void; fields: ReturnType<typeof useFieldErrors> }) {
  const { t } = useI18n();
  return (
    <>
      <div className="field">
        <label htmlFor="docType">{t("healthCard.ui.field.docType")}</label>
        <select id="docType" name="docType" value={docType} onChange={(e) => onDocType(e.target.value)}>
          {DOC_TYPES.map((code) => (
            <option key={code} value={code}>
              {t(`healthCard.ui.docType.${code}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="docNumber">{t("healthCard.ui.field.docNumber")}</label>
        <input id="docNumber" name="docNumber" required autoComplete="off" spellCheck={false} maxLength={40} {...fields.fieldProps("docNumber", ID_LIKE.has(docType) ? "docNumber-hint" : undefined)} />
        {ID_LIKE.has(docType) ? <span id="docNumber-hint" className="field__hint">{t("healthCard.ui.field.docNumberHint")}</span> : null}
        <FieldError id="docNumber" error={fields.errors.docNumber} />
      </div>
      <div className="field">
        <label htmlFor="name">{t("healthCard.ui.field.name")}</label>
        <input id="name" name="name" required autoComplete="name" maxLength={50} {...fields.fieldProps("name")} />
        <FieldError id="name" error={fields.errors.name} />
      </div>
      <div className="field">
        <label htmlFor="phone">{t("healthCard.ui.field.phone")}</label>
        <input id="phone" name="phone" type="tel" inputMode="tel" autoComplete="tel" maxLength={20} />
      </div>
      {ID_LIKE.has(docType) ? null : (
        <>
          <div className="field">
            <label htmlFor="sex">{t("healthCard.ui.field.sex")}</label>
            <select id="sex" name="sex" defaultValue="">
              <option value="">{t("healthCard.ui.sex.UNKNOWN")}</option>
              <option value="male">{t("healthCard.ui.sex.MALE")}</option>
              <option value="female">{t("healthCard.ui.sex.FEMALE")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="birthDate">{t("healthCard.ui.field.birthDate")}</label>
            <input id="birthDate" name="birthDate" type="date" />
          </div>
        </>
      )}
    </>
  );
}

export function personFromForm(form: FormData) {
  const value = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" && v.trim() ? v.trim() : null;
  };
  return {
    docType: value("docType") ?? "01",
    docNumber: value("docNumber") ?? "",
    name: value("name") ?? "",
    phone: value("phone"),
    sex: value("sex") as "male" | "female" | null,
    birthDate: value("birthDate"),
  };
}

export function RegisterForm() {
  const { t } = useI18n();
  const [docType, setDocType] = useState("01");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Issued | null>(null);
  const fields = useFieldErrors();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    setPending(true);
    setError(null);
    try {
      const issued = await callApi<Issued>("/api/health-card/register", { method: "POST", json: personFromForm(new FormData(event.currentTarget)) });
      // No router.refresh(): the register page redirects people who have a card to /card, which
      // would snatch this confirmation away (and its link) a moment after it appears.
      setResult(issued);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setPending(false);
    }
  }

  if (result) {
    return (
      <div className="card stack" role="status" data-testid="register-result">
        <p className="notice notice--info">{t(result.existing ? "healthCard.ui.register.existing" : "healthCard.ui.register.created")}</p>
        <a className="button button--primary" href="/card">
          {t("healthCard.ui.register.showCard")}
        </a>
      </div>
    );
  }
  return (
    <form className="form card" method="post" onSubmit={onSubmit} noValidate aria-describedby={error ? "register-error" : undefined}>
      <PersonFields docType={docType} onDocType={setDocType} fields={fields} />
      {error ? (
        <p id="register-error" className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <p className="field__hint">{t("healthCard.ui.register.privacy")}</p>
      <PendingButton type="submit" className="button button--primary" pending={pending} pendingLabel={t("healthCard.ui.submitting")}>
        {t("healthCard.ui.register.submit")}
      </PendingButton>
    </form>
  );
}

export function DemoVerifyForm() {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      await callApi("/api/health-card/demo-verify", { method: "POST", json: { name: String(form.get("verifyName") ?? ""), docNumber: String(form.get("verifyDoc") ?? "") } });
      router.refresh();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="form card" method="post" onSubmit={onSubmit} noValidate>
      <h2>{t("healthCard.ui.verify.heading")}</h2>
      <p className="field__hint">{t("healthCard.ui.verify.hint")}</p>
      <div className="field">
        <label htmlFor="verifyName">{t("healthCard.ui.field.name")}</label>
        <input id="verifyName" name="verifyName" required />
      </div>
      <div className="field">
        <label htmlFor="verifyDoc">{t("healthCard.ui.field.docNumber")}</label>
        <input id="verifyDoc" name="verifyDoc" required autoComplete="off" />
      </div>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <PendingButton type="submit" className="button button--primary" pending={pending} pendingLabel={t("healthCard.ui.submitting")}>
        {t("healthCard.ui.verify.submit")}
      </PendingButton>
    </form>
  );
}

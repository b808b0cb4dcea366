"use client";

import { useState, type FormEvent } from "react";
import { ActionMessages, useAction } from "@/components/consultation/useAction";
import { useI18n } from "@/components/i18n/I18nProvider";
import { PendingButton } from "@/components/ui/PendingButton";
import type { RecordCategory } from "@/server/db/generated/enums";
import "./record.css";

export interface ConsentCandidates {
  careTeam: { username: string; displayName: string; institution: { name: string; nameEn: string | null } | null }[];
  institutions: { id: string; name: string; nameEn: string | null }[];
}

const CATEGORIES: readonly RecordCategory[] = ["SUMMARY", "ENCOUNTER", "DOCUMENT", "REPORT", "IMAGE", "VITAL", "CONSULTATION"];

/** The resident grants a clinician or an institution access to their record: whole or some categories, until a day at most a year away. */
export function ConsentForm({ residentId, candidates, minDate, maxDate }: { residentId: string; candidates: ConsentCandidates; minDate: string; maxDate: string }) {
  const { t, locale } = useI18n();
  const action = useAction();
  const [kind, setKind] = useState<"user" | "institution">("user");
  const [scope, setScope] = useState<"whole" | "some">("whole");
  const [problem, setProblem] = useState<string | null>(null);
  const label = (x: { name: string; nameEn: string | null }) => (locale === "en" && x.nameEn ? x.nameEn : x.name);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const typed = String(data.get("granteeUsername") ?? "").trim();
    const picked = String(data.get("careTeamUsername") ?? "").trim();
    const institution = String(data.get("granteeInstitutionId") ?? "");
    const username = typed || picked;
    const categories = scope === "whole" ? [] : data.getAll("categories").map(String);
    if ((kind === "user" && !username) || (kind === "institution" && !institution)) return setProblem(t("record.consent.chooseGrantee"));
    if (scope === "some" && categories.length === 0) return setProblem(t("record.consent.chooseCategory"));
    setProblem(null);
    void action
      .run("/api/record/consents", {
        body: {
          residentId,
          ...(kind === "user" ? { granteeUsername: username } : { granteeInstitutionId: institution }),
          categories,
          expiresOn: String(data.get("expiresOn") ?? ""),
          purpose: String(data.get("purpose") ?? ""),
        },
        success: t("record.consent.granted"),
      })
      .then((ok) => ok && form.reset());
  }

  return (
    <form className="form card" method="post" onSubmit={onSubmit} noValidate aria-labelledby="grant-h" data-testid="consent-form">
      <h2 id="grant-h">{t("record.consent.grantHeading")}</h2>
      <fieldset className="record-checks">
        <legend>{t("record.consent.granteeKind")}</legend>
        <label>
          <input type="radio" name="kind" value="user" checked={kind === "user"} onChange={() => setKind("user")} /> {t("record.consent.kindUser")}
        </label>
        <label>
          <input type="radio" name="kind" value="institution" checked={kind === "institution"} onChange={() => setKind("institution")} /> {t("record.consent.kindInstitution")}
        </label>
      </fieldset>
      {kind === "user" ? (
        <>
          {candidates.careTeam.length > 0 ? (
            <div className="field">
              <label htmlFor="consent-care-team">{t("record.consent.careTeam")}</label>
              <select id="consent-care-team" name="careTeamUsername" defaultValue="">
                <option value="">{t("record.consent.pickClinician")}</option>
                {candidates.careTeam.map((c) => (
                  <option key={c.username} value={c.username}>
                    {c.displayName}
                    {c.institution ? ` · ${label(c.institution)}` : ""}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="consent-username">{t("record.consent.username")}</label>
            <input id="consent-username" name="granteeUsername" autoComplete="off" autoCapitalize="none" maxLength={64} />
          </div>
        </>
      ) : (
        <div className="field">
          <label htmlFor="consent-institution">{t("record.consent.institution")}</label>
          <select id="consent-institution" name="granteeInstitutionId" defaultValue="">
            <option value="">{t("record.consent.institution")}</option>
            {candidates.institutions.map((i) => (
              <option key={i.id} value={i.id}>
                {label(i)}
              </option>
            ))}
          </select>
        </div>
      )}
      <fieldset className="record-checks">
        <legend>{t("record.consent.scope")}</legend>
        <label>
          <input type="radio" name="scope" value="whole" checked={scope === "whole"} onChange={() => setScope("whole")} /> {t("record.consent.whole")}
        </label>
        <label>
          <input type="radio" name="scope" value="some" checked={scope === "some"} onChange={() => setScope("some")} /> {t("record.consent.some")}
        </label>
        {scope === "some"
          ? CATEGORIES.map((c) => (
              <label key={c}>
                <input type="checkbox" name="categories" value={c} /> {t(`record.category.${c}`)}
              </label>
            ))
          : null}
      </fieldset>
      <div className="field">
        <label htmlFor="consent-expires">{t("record.consent.expiresOn")}</label>
        <input id="consent-expires" name="expiresOn" type="date" required min={minDate} max={maxDate} defaultValue={minDate} />
      </div>
      <div className="field">
        <label htmlFor="consent-purpose">{t("record.consent.purpose")}</label>
        <input id="consent-purpose" name="purpose" required minLength={2} maxLength={200} aria-describedby="consent-purpose-hint" />
        <span id="consent-purpose-hint" className="field__hint">
          {t("record.consent.purposeHint")}
        </span>
      </div>
      {problem ? (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      ) : null}
      <ActionMessages error={action.error} done={action.done} />
      <div>
        <PendingButton type="submit" className="button button--primary" pending={action.busy}>
          {t("record.consent.submit")}
        </PendingButton>
      </div>
    </form>
  );
}

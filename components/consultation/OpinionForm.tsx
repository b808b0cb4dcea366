"use client";

import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { LimitedTextarea } from "@/components/ui/LimitedTextarea";
import { useFieldErrors } from "@/components/ui/useFieldErrors";
import { TEXT_LIMITS } from "@/server/consultation/textLimits";
import { ActionMessages, useAction } from "./useAction";

export interface OpinionDraft {
  findings: string;
  impression: string;
  recommendations: string;
  referralDecision: string;
}

/** The expert's structured opinion; signing is confirmed first because a signature is final. */
export function OpinionForm({ id, previous }: { id: string; previous: OpinionDraft | null }) {
  const { t } = useI18n();
  const action = useAction();
  const [pending, setPending] = useState<OpinionDraft | null>(null);
  const fields = useFieldErrors();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    const form = new FormData(event.currentTarget);
    setPending({
      findings: String(form.get("findings") ?? ""),
      impression: String(form.get("impression") ?? ""),
      recommendations: String(form.get("recommendations") ?? ""),
      referralDecision: String(form.get("referralDecision") ?? "NO_REFERRAL"),
    });
  }
  return (
    <section className="card" aria-labelledby="opinion-form-h">
      <h2 id="opinion-form-h">{t(previous ? "cons.opinion.revise" : "cons.opinion.write")}</h2>
      {previous ? <p className="field__hint">{t("cons.opinion.reviseHint")}</p> : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        {(["findings", "impression", "recommendations"] as const).map((field) => (
          <LimitedTextarea key={field} id={`op-${field}`} name={field} label={t(`cons.opinion.${field}`)} max={TEXT_LIMITS[field]} rows={field === "impression" ? 2 : 4} defaultValue={previous?.[field] ?? ""} required minLength={2} error={fields.errors[`op-${field}`]} onInput={() => fields.clear(`op-${field}`)} />
        ))}
        <div className="field">
          <label htmlFor="op-referral">{t("cons.opinion.referralDecision")}</label>
          <select id="op-referral" name="referralDecision" defaultValue={previous?.referralDecision ?? "NO_REFERRAL"}>
            {["NO_REFERRAL", "REFER_TO_PROVINCIAL", "TREAT_LOCALLY_WITH_FOLLOW_UP"].map((d) => (
              <option key={d} value={d}>
                {t(`cons.referral.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <ActionMessages error={action.error} done={action.done} />
        <div>
          <button type="submit" className="button button--primary" disabled={action.busy}>
            {t("cons.opinion.sign")}
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={pending !== null}
        title={t("cons.opinion.confirmTitle")}
        confirmLabel={t("cons.opinion.confirmSign")}
        cancelLabel={t("cons.common.back")}
        busy={action.busy}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          const body = pending;
          setPending(null);
          if (body) void action.run(`/api/consultations/${id}/opinion`, { body, success: t("cons.opinion.signed") });
        }}
      >
        <p>{t("cons.opinion.confirmText")}</p>
      </ConfirmDialog>
    </section>
  );
}

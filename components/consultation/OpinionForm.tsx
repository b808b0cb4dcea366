"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { callApi } from "@/components/healthcard/api";
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

type DraftState = { kind: "loading" } | { kind: "ready"; draft: (OpinionDraft & { savedAt: string }) | null };
type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "failed" };

/** After the last keystroke, this long before the draft is sent. */
const DRAFT_SAVE_DELAY_MS = 1_200;

/**
 * The expert's structured opinion. What they write is saved as a draft as they type (only they
 * see it; server/consultation/opinionDraft.ts) and comes back when they return; signing is
 * confirmed first because a signature is final, and it replaces the draft.
 */
export function OpinionForm({ id, previous }: { id: string; previous: OpinionDraft | null }) {
  const [state, setState] = useState<DraftState>({ kind: "loading" });
  const { t } = useI18n();
  useEffect(() => {
    let live = true;
    callApi<{ draft: (OpinionDraft & { savedAt: string }) | null }>(`/api/consultations/${id}/opinion/draft`).then(
      ({ draft }) => live && setState({ kind: "ready", draft }),
      // Without the draft the form still works from the last signed version.
      () => live && setState({ kind: "ready", draft: null }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (state.kind === "loading") {
    return (
      <section className="card" aria-labelledby="opinion-form-h" aria-busy="true">
        <h2 id="opinion-form-h">{t(previous ? "cons.opinion.revise" : "cons.opinion.write")}</h2>
        <p role="status">{t("cons.opinion.draftLoading")}</p>
      </section>
    );
  }
  return <OpinionFormBody id={id} previous={previous} draft={state.draft} />;
}

function OpinionFormBody({ id, previous, draft }: { id: string; previous: OpinionDraft | null; draft: (OpinionDraft & { savedAt: string }) | null }) {
  const { t, locale } = useI18n();
  const initial = draft ?? previous;
  const [save, setSave] = useState<SaveState>(draft ? { kind: "saved", at: draft.savedAt } : { kind: "idle" });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const saveDraft = useCallback(async () => {
    const form = formRef.current;
    if (!form) return;
    const data = new FormData(form);
    setSave({ kind: "saving" });
    try {
      const { savedAt } = await callApi<{ savedAt: string }>(`/api/consultations/${id}/opinion/draft`, {
        method: "PUT",
        json: {
          findings: String(data.get("findings") ?? ""),
          impression: String(data.get("impression") ?? ""),
          recommendations: String(data.get("recommendations") ?? ""),
          referralDecision: String(data.get("referralDecision") ?? "") || null,
        },
      });
      setSave({ kind: "saved", at: savedAt });
    } catch {
      setSave({ kind: "failed" });
    }
  }, [id]);
  const scheduleSave = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveDraft(), DRAFT_SAVE_DELAY_MS);
  };
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  const savedTime = (at: string) => new Date(at).toLocaleTimeString(locale, { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  const action = useAction();
  const [pending, setPending] = useState<OpinionDraft | null>(null);
  const fields = useFieldErrors();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    // A draft saved after the signature would come back as a stale draft: the pending save goes.
    if (timer.current) clearTimeout(timer.current);
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
      {draft ? (
        <p className="notice notice--info" role="status">
          {t("cons.opinion.draftRestored", { time: savedTime(draft.savedAt) })}
        </p>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate ref={formRef} onInput={scheduleSave} onChange={scheduleSave}>
        {(["findings", "impression", "recommendations"] as const).map((field) => (
          <LimitedTextarea key={field} id={`op-${field}`} name={field} label={t(`cons.opinion.${field}`)} max={TEXT_LIMITS[field]} rows={field === "impression" ? 2 : 4} defaultValue={initial?.[field] ?? ""} required minLength={2} error={fields.errors[`op-${field}`]} onInput={() => fields.clear(`op-${field}`)} />
        ))}
        <div className="field">
          <label htmlFor="op-referral">{t("cons.opinion.referralDecision")}</label>
          <select id="op-referral" name="referralDecision" defaultValue={initial?.referralDecision || "NO_REFERRAL"}>
            {["NO_REFERRAL", "REFER_TO_PROVINCIAL", "TREAT_LOCALLY_WITH_FOLLOW_UP"].map((d) => (
              <option key={d} value={d}>
                {t(`cons.referral.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <p className="field__hint" role="status" aria-live="polite" data-testid="opinion-draft-state">
          {save.kind === "saving" ? t("cons.opinion.draftSaving") : save.kind === "saved" ? t("cons.opinion.draftSaved", { time: savedTime(save.at) }) : save.kind === "failed" ? t("cons.opinion.draftFailed") : t("cons.opinion.draftHint")}
        </p>
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

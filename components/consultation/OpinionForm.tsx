"use client";

import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { callApi } from "@/components/healthcard/api";
import { useI18n } from "@/components/i18n/I18nProvider";
import Link from "next/link";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { LimitedTextarea } from "@/components/ui/LimitedTextarea";
import { useFieldErrors } from "@/components/ui/useFieldErrors";
import type { OpinionTemplateView } from "@/server/consultation/opinionTemplates";
import { TEXT_LIMITS } from "@/server/consultation/textLimits";
import { ActionMessages, useAction } from "./useAction";

export interface OpinionDraft {
  findings: string;
  impression: string;
  recommendations: string;
  referralDecision: string;
}

type DraftState = { kind: "loading" } | { kind: "ready"; draft: (OpinionDraft & { savedAt: string }) | null };
type TemplatesState = { kind: "loading" } | { kind: "ready"; templates: OpinionTemplateView[] } | { kind: "failed" };
type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "failed" };

const TEXT_FIELDS = ["findings", "impression", "recommendations"] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** After the last keystroke, this long before the draft is sent. */
const DRAFT_SAVE_DELAY_MS = 1_200;

/**
 * The expert's structured opinion. What they write is saved as a draft as they type (only they
 * see it; server/consultation/opinionDraft.ts) and comes back when they return; signing is
 * confirmed first because a signature is final, and it replaces the draft. A template of the
 * expert's specialty (or their own) fills the fields; text already written is replaced only after
 * they confirm, and the draft saves what the template put there.
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
  // The fields' text when they were last (re)mounted: the draft or last version, then a template's.
  const [texts, setTexts] = useState<Record<TextField, string>>(() => ({ findings: initial?.findings ?? "", impression: initial?.impression ?? "", recommendations: initial?.recommendations ?? "" }));
  const [generation, setGeneration] = useState(0);
  const [save, setSave] = useState<SaveState>(draft ? { kind: "saved", at: draft.savedAt } : { kind: "idle" });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const fields = useFieldErrors();
  const formRef = useRef<HTMLFormElement>(null);
  const draftRequest = useCallback((keepalive = false) => {
    const data = new FormData(formRef.current!);
    return callApi<{ savedAt: string }>(`/api/consultations/${id}/opinion/draft`, {
      method: "PUT",
      keepalive,
      json: {
        findings: String(data.get("findings") ?? ""),
        impression: String(data.get("impression") ?? ""),
        recommendations: String(data.get("recommendations") ?? ""),
        referralDecision: String(data.get("referralDecision") ?? "") || null,
      },
    });
  }, [id]);
  const saveDraft = useCallback(async () => {
    timer.current = null;
    if (!formRef.current) return;
    try {
      const { savedAt } = await draftRequest();
      setSave({ kind: "saved", at: savedAt });
    } catch {
      setSave({ kind: "failed" });
    }
  }, [draftRequest]);
  const scheduleSave = () => {
    if (timer.current) clearTimeout(timer.current);
    // From the first change on, "saved at …" would speak of older text: the state says a save is on its way.
    setSave({ kind: "saving" });
    timer.current = setTimeout(() => void saveDraft(), DRAFT_SAVE_DELAY_MS);
  };
  useEffect(() => {
    // Leaving (a reload, a link, closing the tab) within the delay still saves what was written.
    const flush = () => {
      if (!timer.current || !formRef.current) return;
      clearTimeout(timer.current);
      timer.current = null;
      void draftRequest(true).catch(() => undefined);
    };
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [draftRequest]);
  const templates = useTemplates();
  const [chosen, setChosen] = useState("");
  const [pickError, setPickError] = useState<string | null>(null);
  const [replacing, setReplacing] = useState<{ template: OpinionTemplateView; fields: TextField[] } | null>(null);
  const [applied, setApplied] = useState<string | null>(null);
  const currentTexts = (): Record<TextField, string> => {
    const data = formRef.current ? new FormData(formRef.current) : null;
    return { findings: String(data?.get("findings") ?? ""), impression: String(data?.get("impression") ?? ""), recommendations: String(data?.get("recommendations") ?? "") };
  };
  function applyTemplate(template: OpinionTemplateView) {
    const now = currentTexts();
    // A field the template leaves empty keeps what is written.
    setTexts(Object.fromEntries(TEXT_FIELDS.map((field) => [field, template[field].trim() ? template[field] : now[field]])) as Record<TextField, string>);
    setGeneration((g) => g + 1);
    for (const field of TEXT_FIELDS) fields.clear(`op-${field}`);
    setApplied(t("cons.template.applied", { name: template.name }));
    scheduleSave();
  }
  function onPick() {
    setApplied(null);
    const template = templates.kind === "ready" ? templates.templates.find((x) => x.id === chosen) : undefined;
    if (!template) return setPickError(t("cons.template.chooseFirst"));
    setPickError(null);
    const now = currentTexts();
    const replaced = TEXT_FIELDS.filter((field) => template[field].trim() && now[field].trim() && now[field] !== template[field]);
    if (replaced.length > 0) setReplacing({ template, fields: replaced });
    else applyTemplate(template);
  }
  const savedTime = (at: string) => new Date(at).toLocaleTimeString(locale, { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  const action = useAction();
  const [pending, setPending] = useState<OpinionDraft | null>(null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    // A draft saved after the signature would come back as a stale draft: the pending save goes.
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
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
      <TemplatePicker state={templates} chosen={chosen} onChoose={(id) => { setChosen(id); setPickError(null); }} onApply={onPick} error={pickError} applied={applied} />
      <form className="form" onSubmit={onSubmit} noValidate ref={formRef} onInput={scheduleSave} onChange={scheduleSave}>
        {(["findings", "impression", "recommendations"] as const).map((field) => (
          <LimitedTextarea key={`${field}-${generation}`} id={`op-${field}`} name={field} label={t(`cons.opinion.${field}`)} max={TEXT_LIMITS[field]} rows={field === "impression" ? 2 : 4} defaultValue={texts[field]} required minLength={2} error={fields.errors[`op-${field}`]} onInput={() => fields.clear(`op-${field}`)} />
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
      <ConfirmDialog
        open={replacing !== null}
        title={t("cons.template.replaceTitle")}
        confirmLabel={t("cons.template.replaceConfirm")}
        cancelLabel={t("cons.template.keep")}
        onCancel={() => setReplacing(null)}
        onConfirm={() => {
          const template = replacing?.template;
          setReplacing(null);
          if (template) applyTemplate(template);
        }}
      >
        {replacing ? (
          <p data-testid="template-replace-text">
            {t("cons.template.replaceText", { name: replacing.template.name, fields: replacing.fields.map((field) => t(`cons.opinion.${field}`)).join(t("cons.template.listSeparator")) })}
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}

/** The templates the expert may use (their specialty's and their own); the form works without them. */
function useTemplates(): TemplatesState {
  const [state, setState] = useState<TemplatesState>({ kind: "loading" });
  useEffect(() => {
    let live = true;
    callApi<{ templates: OpinionTemplateView[] }>("/api/opinion-templates").then(
      ({ templates }) => live && setState({ kind: "ready", templates }),
      () => live && setState({ kind: "failed" }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

/** Choose a template and apply it: outside the form, so choosing is not an edit of the draft. */
function TemplatePicker({ state, chosen, onChoose, onApply, error, applied }: { state: TemplatesState; chosen: string; onChoose: (id: string) => void; onApply: () => void; error: string | null; applied: string | null }) {
  const { t } = useI18n();
  const manage = (
    <Link href="/consultations/templates" className="muted">
      {t("cons.template.manage")}
    </Link>
  );
  if (state.kind === "loading") return null;
  if (state.kind === "failed") return <p className="field__hint">{t("cons.template.loadFailed")}</p>;
  const shared = state.templates.filter((x) => !x.personal);
  const personal = state.templates.filter((x) => x.personal);
  if (state.templates.length === 0) {
    return (
      <p className="field__hint" data-testid="template-none">
        {t("cons.template.noneYet")} {manage}
      </p>
    );
  }
  const group = (label: string, items: OpinionTemplateView[]) =>
    items.length > 0 ? (
      <optgroup label={label}>
        {items.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </optgroup>
    ) : null;
  return (
    <div className="template-picker" data-testid="template-picker">
      <div className="toolbar">
        <div className="field">
          <label htmlFor="op-template">{t("cons.template.pick")}</label>
          <select id="op-template" value={chosen} onChange={(event) => onChoose(event.target.value)} aria-describedby={["op-template-hint", error ? "op-template-error" : ""].filter(Boolean).join(" ")} aria-invalid={error ? true : undefined}>
            <option value="">{t("cons.template.pickNone")}</option>
            {group(t("cons.template.groupShared"), shared)}
            {group(t("cons.template.groupPersonal"), personal)}
          </select>
        </div>
        <button type="button" className="button button--ghost" onClick={onApply}>
          {t("cons.template.apply")}
        </button>
      </div>
      <p className="field__hint" id="op-template-hint">
        {t("cons.template.pickHint")} {manage}
      </p>
      {error ? (
        <p className="field__error" id="op-template-error">
          {error}
        </p>
      ) : null}
      <p className="field__hint" role="status" aria-live="polite" data-testid="template-applied">
        {applied ?? ""}
      </p>
    </div>
  );
}

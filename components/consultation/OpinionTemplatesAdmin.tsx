"use client";

import { useRef, useState, type FormEvent } from "react";
import { formErrorOf, type FormError } from "@/components/admin/formError";
import { callApi } from "@/components/healthcard/api";
import { useI18n } from "@/components/i18n/I18nProvider";
import { Badge } from "@/components/ui/Badge";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { LimitedTextarea } from "@/components/ui/LimitedTextarea";
import type { OpinionTemplateView } from "@/server/consultation/opinionTemplates";
import { TEXT_LIMITS } from "@/server/consultation/textLimits";

const FIELDS = ["findings", "impression", "recommendations"] as const;

type Editing = { kind: "new" } | { kind: "edit"; template: OpinionTemplateView };

/**
 * The specialist's opinion templates: the specialty's shared ones and their own, each to edit or
 * delete (after a confirmation); one form creates a template or edits the one picked. The
 * server's refusals come back beside the field they name.
 */
export function OpinionTemplatesAdmin({ initial, specialtyLabel }: { initial: OpinionTemplateView[]; specialtyLabel: string }) {
  const { t, locale } = useI18n();
  const [templates, setTemplates] = useState(initial);
  const [editing, setEditing] = useState<Editing>({ kind: "new" });
  // A new key remounts the form's fields with the template's (or empty) text.
  const [formKey, setFormKey] = useState(0);
  const [error, setError] = useState<FormError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<OpinionTemplateView | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const network = t("healthCard.ui.networkError");

  const shared = templates.filter((x) => !x.personal);
  const personal = templates.filter((x) => x.personal);
  const updated = (at: string) => new Date(at).toLocaleString(locale, { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false });

  async function reload() {
    const { templates: fresh } = await callApi<{ templates: OpinionTemplateView[] }>("/api/opinion-templates");
    setTemplates(fresh);
  }

  function startEdit(template: OpinionTemplateView) {
    setEditing({ kind: "edit", template });
    setFormKey((k) => k + 1);
    setError(null);
    setDone(null);
    // After the form shows the template: the heading says which one is being edited.
    setTimeout(() => formHeading.current?.focus());
  }

  function reset() {
    setEditing({ kind: "new" });
    setFormKey((k) => k + 1);
    setError(null);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? "");
    const body = { name: text("name").trim(), findings: text("findings"), impression: text("impression"), recommendations: text("recommendations") };
    // A text over its limit marks itself (LimitedTextarea); the rest the app says beside the field.
    const over = Array.from(form.querySelectorAll("textarea")).find((area) => area.validity.customError);
    if (over) {
      over.focus();
      return setError({ field: null, message: t("common.textLimit.fixFirst") });
    }
    if (!body.name) return fail({ field: "name", message: t("consultation.template.nameRequired") });
    if (FIELDS.every((field) => !body[field].trim())) return fail({ field: "findings", message: t("consultation.template.emptyText") });
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      if (editing.kind === "edit") {
        const saved = await callApi<OpinionTemplateView>(`/api/opinion-templates/${editing.template.id}`, { method: "PATCH", json: { ...body, expectedVersion: editing.template.version } });
        setDone(t("cons.template.updated", { name: saved.name }));
      } else {
        const saved = await callApi<OpinionTemplateView>("/api/opinion-templates", { method: "POST", json: { ...body, personal: values.get("scope") === "personal" } });
        setDone(t("cons.template.created", { name: saved.name }));
      }
      reset();
      await reload();
    } catch (e) {
      fail(formErrorOf(e, network));
    } finally {
      setBusy(false);
    }
  }

  function fail(problem: FormError) {
    setError(problem);
    const id = problem.field ? `tpl-${problem.field}` : null;
    if (id) setTimeout(() => document.getElementById(id)?.focus());
  }

  async function onDelete(template: OpinionTemplateView) {
    setBusy(true);
    setDone(null);
    try {
      await callApi(`/api/opinion-templates/${template.id}`, { method: "DELETE" });
      setDeleting(null);
      if (editing.kind === "edit" && editing.template.id === template.id) reset();
      setDone(t("cons.template.deleted", { name: template.name }));
      await reload();
    } catch (e) {
      setDeleting(null);
      setError(formErrorOf(e, network));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);
  const current = editing.kind === "edit" ? editing.template : null;

  const list = (items: OpinionTemplateView[], headingId: string, heading: string, empty: string) => (
    <section className="card stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      {items.length === 0 ? <p className="muted">{empty}</p> : null}
      {items.length > 0 ? (
        <ul className="template-list">
          {items.map((template) => (
            <li key={template.id} className="template-item" data-testid={`template-${template.name}`}>
              <div className="template-item__head">
                <h3>{template.name}</h3>
                <Badge tone={template.personal ? "neutral" : "info"}>{t(template.personal ? "cons.template.personalBadge" : "cons.template.sharedBadge")}</Badge>
                <span className="muted">{t("cons.template.updatedAt", { time: updated(template.updatedAt) })}</span>
              </div>
              <dl className="template-item__text">
                {FIELDS.filter((field) => template[field].trim()).map((field) => (
                  <div key={field}>
                    <dt>{t(`cons.opinion.${field}`)}</dt>
                    <dd>{template[field]}</dd>
                  </div>
                ))}
              </dl>
              <div className="toolbar">
                <button type="button" className="button button--ghost" onClick={() => startEdit(template)} disabled={busy}>
                  {t("cons.template.edit")}
                  <span className="visually-hidden"> {template.name}</span>
                </button>
                <button type="button" className="button button--ghost" onClick={() => setDeleting(template)} disabled={busy}>
                  {t("cons.template.delete")}
                  <span className="visually-hidden"> {template.name}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );

  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {done ?? ""}
      </p>
      {done ? (
        <p className="notice notice--success" data-testid="template-done">
          {done}
        </p>
      ) : null}
      {templates.length === 0 ? (
        <div className="card empty-state" data-testid="templates-empty">
          <p>{t("cons.template.empty")}</p>
        </div>
      ) : (
        <>
          {list(shared, "tpl-shared-h", t("cons.template.sharedHeading", { specialty: specialtyLabel }), t("cons.template.emptyShared"))}
          {list(personal, "tpl-personal-h", t("cons.template.personalHeading"), t("cons.template.emptyPersonal"))}
        </>
      )}

      <section className="card" aria-labelledby="tpl-form-h">
        <h2 id="tpl-form-h" ref={formHeading} tabIndex={-1}>
          {current ? t("cons.template.editTitle", { name: current.name }) : t("cons.template.createTitle")}
        </h2>
        <form key={formKey} className="form" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="template-form">
          <div className="field">
            <label htmlFor="tpl-name">{t("cons.template.name")}</label>
            <input
              id="tpl-name"
              name="name"
              defaultValue={current?.name ?? ""}
              maxLength={TEXT_LIMITS.templateName}
              autoComplete="off"
              aria-invalid={fieldError("name") ? true : undefined}
              aria-describedby={["tpl-name-hint", fieldError("name") ? "tpl-name-error" : ""].filter(Boolean).join(" ")}
            />
            <span className="field__hint" id="tpl-name-hint">
              {t("cons.template.nameHint")}
            </span>
            {fieldError("name") ? (
              <span className="field__error" id="tpl-name-error" data-testid="tpl-name-error">
                {fieldError("name")}
              </span>
            ) : null}
          </div>
          {current ? (
            <p className="field__hint">
              {t("cons.template.scopeNow", { scope: t(current.personal ? "cons.template.scopePersonal" : "cons.template.scopeShared") })}
            </p>
          ) : (
            <fieldset className="field">
              <legend>{t("cons.template.scope")}</legend>
              <label className="choice">
                <input type="radio" name="scope" value="shared" defaultChecked /> {t("cons.template.scopeShared")}
              </label>
              <label className="choice">
                <input type="radio" name="scope" value="personal" /> {t("cons.template.scopePersonal")}
              </label>
            </fieldset>
          )}
          <p className="field__hint">{t("cons.template.fieldsHint")}</p>
          {FIELDS.map((field) => (
            <LimitedTextarea
              key={field}
              id={`tpl-${field}`}
              name={field}
              label={t(`cons.opinion.${field}`)}
              max={TEXT_LIMITS[field]}
              rows={field === "impression" ? 2 : 5}
              defaultValue={current?.[field] ?? ""}
              error={fieldError(field)}
            />
          ))}
          {error && !error.field ? (
            <p className="notice notice--error" role="alert">
              {error.message}
            </p>
          ) : null}
          <div className="toolbar">
            <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
              {busy ? t("cons.template.saving") : t(current ? "cons.template.saveChanges" : "cons.template.save")}
            </button>
            {current ? (
              <button type="button" className="button button--ghost" onClick={reset}>
                {t("cons.template.cancel")}
              </button>
            ) : null}
          </div>
        </form>
      </section>

      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? t("cons.template.deleteTitle", { name: deleting.name }) : ""}
        confirmLabel={t("cons.template.deleteConfirm")}
        cancelLabel={t("cons.template.cancel")}
        danger
        busy={busy}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) void onDelete(deleting);
        }}
      >
        <p>{t("cons.template.deleteText")}</p>
        {deleting && !deleting.personal ? <p>{t("cons.template.deleteSharedText")}</p> : null}
      </ConfirmDialog>
    </>
  );
}

"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi } from "@/components/healthcard/api";
import type { UserRole } from "@/server/access/policy";
import type { DepartmentView } from "@/server/admin/departments";
import type { StaffView } from "@/server/admin/staff";
import { Field } from "./Field";
import { formErrorOf, type FormError } from "./formError";
import { TITLE_SUGGESTIONS } from "./titles";

/** Name, role, department and title of one account, in a modal; a role change signs the person out (they are told). */
export function StaffEditDialog({ person, roles, departments, onClose, onSaved }: { person: StaffView; roles: readonly UserRole[]; departments: DepartmentView[]; onClose: () => void; onSaved: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const roleChoices = roles.includes(person.role) ? roles : [person.role, ...roles];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const text = (name: string) => String(values.get(name) ?? "").trim();
    if (!text("editDisplayName")) {
      setError({ field: "displayName", message: t("admin.ui.nameRequired") });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await callApi(`/api/admin/staff/${person.id}`, { method: "PATCH", json: { displayName: text("editDisplayName"), role: text("editRole"), departmentId: text("editDepartmentId") || null, title: text("editTitle") || null } });
      await onSaved();
    } catch (e) {
      setError(formErrorOf(e, t("admin.ui.networkError")));
    } finally {
      setBusy(false);
    }
  }
  const err = (field: string) => (error?.field === field ? error.message : null);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="staff-edit-title" onCancel={(event) => { event.preventDefault(); onClose(); }} data-testid="staff-edit">
      <form className="form" onSubmit={onSubmit} noValidate>
        <h2 id="staff-edit-title">{t("admin.ui.editTitle", { name: person.displayName })}</h2>
        <Field id="editDisplayName" label={t("admin.ui.displayName")} defaultValue={person.displayName} error={err("displayName")} maxLength={100} autoComplete="off" />
        <Field id="editRole" label={t("admin.ui.role")} hint={t("admin.ui.roleChangeHint")} error={err("role")}>
          <select id="editRole" name="editRole" defaultValue={person.role} aria-describedby="editRole-hint">
            {roleChoices.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="editDepartmentId" label={t("admin.ui.department")} error={err("departmentId")}>
          <select id="editDepartmentId" name="editDepartmentId" defaultValue={person.department?.id ?? ""}>
            <option value="">{t("admin.ui.noDepartment")}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {locale === "en" && d.nameEn ? d.nameEn : d.name} ({d.code})
              </option>
            ))}
          </select>
        </Field>
        <Field id="editTitle" label={t("admin.ui.titleField")} defaultValue={person.title ?? ""} error={err("title")} list="staff-edit-titles" maxLength={50} autoComplete="off" />
        <datalist id="staff-edit-titles">
          {TITLE_SUGGESTIONS.map((title) => (
            <option key={title} value={title} />
          ))}
        </datalist>
        {error && !error.field ? (
          <p className="notice notice--error" role="alert">
            {error.message}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            {t("admin.ui.cancel")}
          </button>
          <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
            {t("admin.ui.save")}
          </button>
        </div>
      </form>
    </dialog>
  );
}

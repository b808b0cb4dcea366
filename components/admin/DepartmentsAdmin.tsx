"use client";

import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi } from "@/components/healthcard/api";
import type { DepartmentView } from "@/server/admin/departments";
import { ActionLabel, Field } from "./Field";
import { formErrorOf, type FormError } from "./formError";

/** The institution's departments: create (code, names) and rename; codes stay (a specialist's specialty is the code). */
export function DepartmentsAdmin({ departments, onChanged }: { departments: DepartmentView[]; onChanged: () => Promise<void> }) {
  const { t } = useI18n();
  const [error, setError] = useState<FormError | null>(null);
  const [renameError, setRenameError] = useState<FormError | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const network = t("admin.ui.networkError");

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? "").trim();
    if (!text("deptCode")) return setError({ field: "code", message: t("admin.ui.dept.codeRequired") });
    if (!text("deptName")) return setError({ field: "name", message: t("admin.ui.nameRequired") });
    setError(null);
    setBusy(true);
    try {
      await callApi("/api/admin/departments", { method: "POST", json: { code: text("deptCode"), name: text("deptName"), nameEn: text("deptNameEn") || undefined } });
      form.reset();
      await onChanged();
    } catch (e) {
      setError(formErrorOf(e, network));
    } finally {
      setBusy(false);
    }
  }

  async function onRename(event: FormEvent<HTMLFormElement>, id: string) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const name = String(values.get("renameName") ?? "").trim();
    if (!name) return setRenameError({ field: "name", message: t("admin.ui.nameRequired") });
    try {
      await callApi(`/api/admin/departments/${id}`, { method: "PATCH", json: { name, nameEn: String(values.get("renameNameEn") ?? "").trim() || null } });
      setRenaming(null);
      setRenameError(null);
      await onChanged();
    } catch (e) {
      setRenameError(formErrorOf(e, network));
    }
  }
  const err = (field: string) => (error?.field === field ? error.message : null);

  return (
    <section className="card stack" aria-labelledby="departments-title" data-testid="departments">
      <h2 id="departments-title">{t("admin.ui.dept.title")}</h2>
      {departments.length === 0 ? <p className="empty-state">{t("admin.ui.dept.none")}</p> : null}
      {departments.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("admin.ui.dept.code")}</th>
                <th scope="col">{t("admin.ui.dept.name")}</th>
                <th scope="col">{t("admin.ui.dept.nameEn")}</th>
                <th scope="col">{t("admin.ui.dept.staff")}</th>
                <th scope="col">{t("admin.ui.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d) =>
                renaming === d.id ? (
                  <tr key={d.id}>
                    <td>
                      <code>{d.code}</code>
                    </td>
                    <td colSpan={4}>
                      <form className="toolbar" onSubmit={(event) => void onRename(event, d.id)} noValidate>
                        <Field id="renameName" label={t("admin.ui.dept.name")} defaultValue={d.name} maxLength={100} error={renameError?.field === "name" ? renameError.message : null} />
                        <Field id="renameNameEn" label={t("admin.ui.dept.nameEn")} defaultValue={d.nameEn ?? ""} maxLength={100} />
                        <button type="submit" className="button button--primary">
                          {t("admin.ui.save")}
                        </button>
                        <button type="button" className="button button--ghost" onClick={() => setRenaming(null)}>
                          {t("admin.ui.cancel")}
                        </button>
                        {renameError && renameError.field !== "name" ? (
                          <p className="notice notice--error" role="alert">
                            {renameError.message}
                          </p>
                        ) : null}
                      </form>
                    </td>
                  </tr>
                ) : (
                  <tr key={d.id}>
                    <td>
                      <code>{d.code}</code>
                    </td>
                    <td>{d.name}</td>
                    <td>{d.nameEn ?? "—"}</td>
                    <td>{d.staffCount}</td>
                    <td>
                      <button type="button" className="button button--ghost" onClick={() => { setRenaming(d.id); setRenameError(null); }}>
                        <ActionLabel text={t("admin.ui.dept.rename")} of={d.name} />
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      <form className="form" onSubmit={onCreate} noValidate aria-labelledby="dept-create-title">
        <h3 id="dept-create-title">{t("admin.ui.dept.create")}</h3>
        <Field id="deptCode" label={t("admin.ui.dept.code")} hint={t("admin.ui.dept.codeHint")} error={err("code")} maxLength={32} autoComplete="off" autoCapitalize="characters" />
        <Field id="deptName" label={t("admin.ui.dept.name")} error={err("name")} maxLength={100} autoComplete="off" />
        <Field id="deptNameEn" label={t("admin.ui.dept.nameEn")} error={err("nameEn")} maxLength={100} autoComplete="off" />
        {error && !["code", "name", "nameEn"].includes(error.field ?? "") ? (
          <p className="notice notice--error" role="alert">
            {error.message}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
          {t("admin.ui.dept.createSubmit")}
        </button>
      </form>
    </section>
  );
}

"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { formatDateTime } from "@/components/consultation/format";
import { callApi } from "@/components/healthcard/api";
import { Badge } from "@/components/ui/Badge";
import { STATUS_TONE } from "./status";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { TokenOnce } from "@/components/ui/TokenOnce";
import type { DepartmentView } from "@/server/admin/departments";
import type { IssuedLink } from "@/server/admin/links";
import type { StaffList, StaffView } from "@/server/admin/staff";
import { DepartmentsAdmin } from "./DepartmentsAdmin";
import { ActionLabel, Field } from "./Field";
import { absoluteLink, formErrorOf, type FormError } from "./formError";
import { StaffEditDialog } from "./StaffEditDialog";
import { TITLE_SUGGESTIONS } from "./titles";

type Loaded = StaffList & { departments: DepartmentView[] };
type Pending = { kind: "disable" | "link"; person: StaffView } | null;


/** The institution admin's staff: create or invite, edit role/department/title, disable and enable, password-reset links. */
export function StaffAdmin() {
  const { t, locale } = useI18n();
  const [data, setData] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [formError, setFormError] = useState<FormError | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [link, setLink] = useState<{ name: string; link: IssuedLink } | null>(null);
  const [mode, setMode] = useState<"invite" | "password">("invite");
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<Pending>(null);
  const [editing, setEditing] = useState<StaffView | null>(null);
  const network = t("admin.ui.networkError");

  const load = useCallback(
    () =>
      callApi<Loaded>("/api/admin/staff").then(
        (result) => setData(result),
        (e: unknown) => setLoadError(formErrorOf(e, network).message),
      ),
    [network],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? "").trim();
    const missing = [["username", "admin.ui.usernameRequired"], ["displayName", "admin.ui.nameRequired"]].find(([name]) => !text(name as string));
    if (missing) {
      setFormError({ field: missing[0] as string, message: t(missing[1] as "admin.ui.usernameRequired") });
      return;
    }
    if (mode === "password" && !text("password")) {
      setFormError({ field: "password", message: t("admin.ui.passwordRequired") });
      return;
    }
    setFormError(null);
    setBusy(true);
    try {
      const body = { username: text("username"), displayName: text("displayName"), role: text("role"), departmentId: text("departmentId") || null, title: text("title") || undefined, mode, ...(mode === "password" ? { password: String(values.get("password") ?? "") } : {}) };
      const result = await callApi<{ staff: StaffView; link: IssuedLink | null }>("/api/admin/staff", { method: "POST", json: body });
      setLink(result.link ? { name: result.staff.displayName, link: result.link } : null);
      form.reset();
      setMode("invite");
      await load();
    } catch (e) {
      setFormError(formErrorOf(e, network));
    } finally {
      setBusy(false);
    }
  }

  async function act(path: string, person: StaffView) {
    setConfirm(null);
    setActionError(null);
    try {
      const result = await callApi<StaffView | { staff: StaffView; link: IssuedLink }>(path, { method: "POST" });
      if ("link" in result) setLink({ name: person.displayName, link: result.link });
      await load();
    } catch (e) {
      setActionError(formErrorOf(e, network).message);
    }
  }

  const err = (field: string) => (formError?.field === field ? formError.message : null);
  const departments = data?.departments ?? [];

  return (
    <div className="stack">
      <form className="form card" onSubmit={onCreate} noValidate aria-labelledby="staff-create-title" data-testid="staff-create">
        <h2 id="staff-create-title">{t("admin.ui.create.title")}</h2>
        <Field id="username" label={t("admin.ui.username")} hint={t("admin.ui.usernameHint")} error={err("username")} autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={64} required />
        <Field id="displayName" label={t("admin.ui.displayName")} error={err("displayName")} autoComplete="off" maxLength={100} required />
        <Field id="role" label={t("admin.ui.role")} error={err("role")}>
          <select id="role" name="role" aria-invalid={err("role") ? true : undefined} aria-describedby={err("role") ? "role-error" : undefined}>
            {(data?.roles ?? []).map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="departmentId" label={t("admin.ui.department")} hint={t("admin.ui.departmentHint")} error={err("departmentId")}>
          <select id="departmentId" name="departmentId" aria-describedby="departmentId-hint" aria-invalid={err("departmentId") ? true : undefined}>
            <option value="">{t("admin.ui.noDepartment")}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {locale === "en" && d.nameEn ? d.nameEn : d.name} ({d.code})
              </option>
            ))}
          </select>
        </Field>
        <Field id="title" label={t("admin.ui.titleField")} hint={t("admin.ui.titleHint")} error={err("title")} list="staff-titles" maxLength={50} autoComplete="off" />
        <datalist id="staff-titles">
          {TITLE_SUGGESTIONS.map((title) => (
            <option key={title} value={title} />
          ))}
        </datalist>
        <fieldset className="field">
          <legend>{t("admin.ui.mode")}</legend>
          <label className="choice">
            <input type="radio" name="mode" value="invite" checked={mode === "invite"} onChange={() => setMode("invite")} /> {t("admin.ui.mode.invite")}
          </label>
          <label className="choice">
            <input type="radio" name="mode" value="password" checked={mode === "password"} onChange={() => setMode("password")} /> {t("admin.ui.mode.password")}
          </label>
        </fieldset>
        {mode === "password" ? <Field id="password" type="password" label={t("admin.ui.firstPassword")} hint={t("admin.ui.passwordHint")} error={err("password")} autoComplete="new-password" maxLength={256} /> : null}
        {formError && !formError.field ? (
          <p className="notice notice--error" role="alert">
            {formError.message}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
          {mode === "invite" ? t("admin.ui.create.invite") : t("admin.ui.create.submit")}
        </button>
      </form>

      {link ? (
        <TokenOnce
          message={t(link.link.purpose === "INVITE" ? "admin.ui.link.invite" : "admin.ui.link.reset", { name: link.name, expires: formatDateTime(link.link.expiresAt, locale) })}
          token={absoluteLink(link.link.path)}
          copyLabel={t("admin.ui.link.copy")}
          testId="account-link"
        />
      ) : null}
      {actionError ? (
        <p className="notice notice--error" role="alert">
          {actionError}
        </p>
      ) : null}
      {loadError ? (
        <p className="notice notice--error" role="alert">
          {loadError}
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="staff-list-title">
        <h2 id="staff-list-title">{t("admin.ui.list.title")}</h2>
        {data === null && !loadError ? <p role="status">{t("admin.ui.loading")}</p> : null}
        {data ? (
          <p className="muted" data-testid="staff-counts">
            {t("admin.ui.counts", { active: data.counts.ACTIVE, invited: data.counts.INVITED, disabled: data.counts.DISABLED, pending: data.counts.pendingInvites })}
          </p>
        ) : null}
        {data?.staff.length === 0 ? <p className="empty-state">{t("admin.ui.list.none")}</p> : null}
        {data && data.staff.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="staff-table">
              <thead>
                <tr>
                  <th scope="col">{t("admin.ui.displayName")}</th>
                  <th scope="col">{t("admin.ui.role")}</th>
                  <th scope="col">{t("admin.ui.department")}</th>
                  <th scope="col">{t("admin.ui.titleField")}</th>
                  <th scope="col">{t("admin.ui.status")}</th>
                  <th scope="col">{t("admin.ui.lastLogin")}</th>
                  <th scope="col">{t("admin.ui.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {data.staff.map((person) => (
                  <tr key={person.id} data-testid={`staff-${person.username}`}>
                    <td>
                      {person.displayName}
                      <br />
                      <code className="muted">{person.username}</code>
                    </td>
                    <td>{t(`role.${person.role}`)}</td>
                    <td>{person.department ? (locale === "en" && person.department.nameEn ? person.department.nameEn : person.department.name) : "—"}</td>
                    <td>{person.title ?? "—"}</td>
                    <td>
                      <Badge tone={STATUS_TONE[person.status]} testId="staff-status">
                        {t(`admin.ui.status.${person.status}`)}
                      </Badge>
                      {person.pendingInvite ? <div className="muted">{t("admin.ui.inviteUntil", { expires: formatDateTime(person.pendingInvite.expiresAt, locale) })}</div> : null}
                    </td>
                    <td>{person.lastLoginAt ? formatDateTime(person.lastLoginAt, locale) : t("admin.ui.never")}</td>
                    <td>
                      <div className="row-actions">
                        <button type="button" className="button button--ghost" onClick={() => setEditing(person)}>
                          <ActionLabel text={t("admin.ui.edit")} of={person.displayName} />
                        </button>
                        {person.status === "DISABLED" ? (
                          <button type="button" className="button button--ghost" onClick={() => void act(`/api/admin/staff/${person.id}/enable`, person)}>
                            <ActionLabel text={t("admin.ui.enable")} of={person.displayName} />
                          </button>
                        ) : (
                          <>
                            <button type="button" className="button button--ghost" onClick={() => setConfirm({ kind: "link", person })}>
                              <ActionLabel text={person.status === "INVITED" ? t("admin.ui.reinvite") : t("admin.ui.reset")} of={person.displayName} />
                            </button>
                            <button type="button" className="button button--danger" onClick={() => setConfirm({ kind: "disable", person })}>
                              <ActionLabel text={t("admin.ui.disable")} of={person.displayName} />
                            </button>
                          </>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <DepartmentsAdmin departments={departments} onChanged={load} />

      <ConfirmDialog
        open={confirm !== null}
        title={
          confirm?.kind === "disable"
            ? t("admin.ui.confirmDisable", { name: confirm.person.displayName })
            : t(confirm?.person.status === "INVITED" ? "admin.ui.confirmReinvite" : "admin.ui.confirmReset", { name: confirm?.person.displayName ?? "" })
        }
        confirmLabel={confirm?.kind === "disable" ? t("admin.ui.disable") : confirm?.person.status === "INVITED" ? t("admin.ui.reinvite") : t("admin.ui.reset")}
        cancelLabel={t("admin.ui.cancel")}
        danger={confirm?.kind === "disable"}
        onConfirm={() => void (confirm && act(`/api/admin/staff/${confirm.person.id}/${confirm.kind === "disable" ? "disable" : "link"}`, confirm.person))}
        onCancel={() => setConfirm(null)}
      >
        <p>{confirm?.kind === "disable" ? t("admin.ui.confirmDisableText") : confirm?.person.status === "INVITED" ? t("admin.ui.confirmReinviteText") : t("admin.ui.confirmResetText")}</p>
      </ConfirmDialog>
      {editing ? (
        <StaffEditDialog
          person={editing}
          roles={data?.roles ?? []}
          departments={departments}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await load();
          }}
        />
      ) : null}
    </div>
  );
}

"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { formatDateTime } from "@/components/consultation/format";
import { callApi } from "@/components/healthcard/api";
import { Badge } from "@/components/ui/Badge";
import { STATUS_TONE } from "./status";
import { TokenOnce } from "@/components/ui/TokenOnce";
import type { InstitutionList, InstitutionView } from "@/server/admin/institutions";
import type { IssuedLink } from "@/server/admin/links";
import type { StaffView } from "@/server/admin/staff";
import { ActionLabel, Field } from "./Field";
import { absoluteLink, formErrorOf, type FormError } from "./formError";

const LEVELS = ["PROVINCIAL", "CITY", "COUNTY", "TOWNSHIP", "VILLAGE"] as const;

/** The platform admin's institutions: onboard one (code, level, region, parent), invite its admin by link. */
export function InstitutionsAdmin() {
  const { t, locale } = useI18n();
  const [data, setData] = useState<InstitutionList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const [inviting, setInviting] = useState<InstitutionView | null>(null);
  const [inviteError, setInviteError] = useState<FormError | null>(null);
  const [link, setLink] = useState<{ name: string; link: IssuedLink } | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const network = t("admin.ui.networkError");
  const nameOf = (i: { name: string; nameEn: string | null }) => (locale === "en" && i.nameEn ? i.nameEn : i.name);

  const load = useCallback(
    () =>
      callApi<InstitutionList>("/api/admin/institutions").then(
        (result) => setData(result),
        (e: unknown) => setLoadError(formErrorOf(e, network).message),
      ),
    [network],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function onOnboard(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? "").trim();
    const required = (["instCode", "instName", "instRegion"] as const).find((name) => !text(name));
    if (required) {
      setError({ field: { instCode: "code", instName: "name", instRegion: "regionCode" }[required], message: t(`admin.ui.inst.required.${required}`) });
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const institution = await callApi<InstitutionView>("/api/admin/institutions", {
        method: "POST",
        json: { code: text("instCode"), name: text("instName"), nameEn: text("instNameEn") || undefined, level: text("instLevel"), regionCode: text("instRegion"), parentId: text("instParent") || null },
      });
      form.reset();
      setCreated(nameOf(institution));
      await load();
      setInviting(institution);
    } catch (e) {
      setError(formErrorOf(e, network));
    } finally {
      setBusy(false);
    }
  }

  async function onInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!inviting) return;
    const form = event.currentTarget;
    const values = new FormData(form);
    const text = (name: string) => String(values.get(name) ?? "").trim();
    if (!text("adminUsername")) return setInviteError({ field: "username", message: t("admin.ui.usernameRequired") });
    if (!text("adminName")) return setInviteError({ field: "displayName", message: t("admin.ui.nameRequired") });
    setInviteError(null);
    try {
      const result = await callApi<{ staff: StaffView; link: IssuedLink }>(`/api/admin/institutions/${inviting.id}/admins`, { method: "POST", json: { username: text("adminUsername"), displayName: text("adminName") } });
      setLink({ name: result.staff.displayName, link: result.link });
      setInviting(null);
      await load();
    } catch (e) {
      setInviteError(formErrorOf(e, network));
    }
  }

  const err = (field: string) => (error?.field === field ? error.message : null);
  const inviteErr = (field: string) => (inviteError?.field === field ? inviteError.message : null);

  return (
    <div className="stack">
      <form className="form card" onSubmit={onOnboard} noValidate aria-labelledby="onboard-title" data-testid="onboard-form">
        <h2 id="onboard-title">{t("admin.ui.inst.onboard")}</h2>
        <Field id="instName" label={t("admin.ui.inst.name")} error={err("name")} maxLength={200} autoComplete="off" />
        <Field id="instNameEn" label={t("admin.ui.inst.nameEn")} error={err("nameEn")} maxLength={200} autoComplete="off" />
        <Field id="instCode" label={t("admin.ui.inst.code")} hint={t("admin.ui.inst.codeHint")} error={err("code")} maxLength={32} autoComplete="off" autoCapitalize="characters" />
        <Field id="instLevel" label={t("admin.ui.inst.level")} error={err("level")}>
          <select id="instLevel" name="instLevel" defaultValue="COUNTY">
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {t(`level.${level}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="instRegion" label={t("admin.ui.inst.region")} hint={t("admin.ui.inst.regionHint")} error={err("regionCode")} inputMode="numeric" maxLength={6} autoComplete="off" />
        <Field id="instParent" label={t("admin.ui.inst.parent")} hint={t("admin.ui.inst.parentHint")} error={err("parentId")}>
          <select id="instParent" name="instParent" aria-describedby="instParent-hint">
            <option value="">{t("admin.ui.inst.noParent")}</option>
            {(data?.institutions ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {nameOf(i)} · {t(`level.${i.level}`)}
              </option>
            ))}
          </select>
        </Field>
        {error && !["code", "name", "nameEn", "level", "regionCode", "parentId"].includes(error.field ?? "") ? (
          <p className="notice notice--error" role="alert">
            {error.message}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
          {t("admin.ui.inst.onboardSubmit")}
        </button>
      </form>
      {created ? (
        <p className="notice notice--success" role="status">
          {t("admin.ui.inst.created", { name: created })}
        </p>
      ) : null}
      {inviting ? (
        <form className="form card" onSubmit={onInvite} noValidate aria-labelledby="invite-admin-title" data-testid="invite-admin-form">
          <h2 id="invite-admin-title">{t("admin.ui.inst.inviteAdmin", { name: nameOf(inviting) })}</h2>
          <Field id="adminUsername" label={t("admin.ui.username")} hint={t("admin.ui.usernameHint")} error={inviteErr("username")} maxLength={64} autoComplete="off" autoCapitalize="none" spellCheck={false} />
          <Field id="adminName" label={t("admin.ui.displayName")} error={inviteErr("displayName")} maxLength={100} autoComplete="off" />
          {inviteError && !["username", "displayName"].includes(inviteError.field ?? "") ? (
            <p className="notice notice--error" role="alert">
              {inviteError.message}
            </p>
          ) : null}
          <div className="row-actions">
            <button type="submit" className="button button--primary">
              {t("admin.ui.create.invite")}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setInviting(null)}>
              {t("admin.ui.cancel")}
            </button>
          </div>
        </form>
      ) : null}
      {link ? <TokenOnce message={t("admin.ui.link.invite", { name: link.name, expires: formatDateTime(link.link.expiresAt, locale) })} token={absoluteLink(link.link.path)} copyLabel={t("admin.ui.link.copy")} testId="account-link" /> : null}
      {loadError ? (
        <p className="notice notice--error" role="alert">
          {loadError}
        </p>
      ) : null}
      <section className="card stack" aria-labelledby="institutions-title">
        <h2 id="institutions-title">{t("admin.ui.inst.list")}</h2>
        {data === null && !loadError ? <p role="status">{t("admin.ui.loading")}</p> : null}
        {data ? (
          <p className="muted" data-testid="institution-counts">
            {t("admin.ui.inst.counts", { total: data.counts.institutions, noAdmin: data.counts.withoutActiveAdmin, pending: data.counts.pendingAdmins })}
          </p>
        ) : null}
        {data && data.institutions.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="institutions-table">
              <thead>
                <tr>
                  <th scope="col">{t("admin.ui.inst.name")}</th>
                  <th scope="col">{t("admin.ui.inst.code")}</th>
                  <th scope="col">{t("admin.ui.inst.level")}</th>
                  <th scope="col">{t("admin.ui.inst.region")}</th>
                  <th scope="col">{t("admin.ui.inst.parent")}</th>
                  <th scope="col">{t("admin.ui.inst.admins")}</th>
                  <th scope="col">{t("admin.ui.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {data.institutions.map((i) => (
                  <tr key={i.id} data-testid={`institution-${i.code}`}>
                    <td>{nameOf(i)}</td>
                    <td>
                      <code>{i.code}</code>
                    </td>
                    <td>{t(`level.${i.level}`)}</td>
                    <td>{i.regionCode}</td>
                    <td>{i.parent ? nameOf(i.parent) : "—"}</td>
                    <td>
                      {i.admins.length === 0 ? <span className="muted">{t("admin.ui.inst.noAdmin")}</span> : null}
                      {i.admins.map((a) => (
                        <div key={a.id}>
                          {a.displayName} <code className="muted">{a.username}</code>{" "}
                          <Badge tone={STATUS_TONE[a.status]}>{t(`admin.ui.status.${a.status}`)}</Badge>
                        </div>
                      ))}
                    </td>
                    <td>
                      <button type="button" className="button button--ghost" onClick={() => { setInviting(i); setInviteError(null); }}>
                        <ActionLabel text={t("admin.ui.inst.invite")} of={nameOf(i)} />
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}

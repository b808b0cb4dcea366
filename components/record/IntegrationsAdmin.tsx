"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { formatDateTime } from "@/components/consultation/format";
import { ApiCallError, callApi } from "@/components/healthcard/api";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { TokenOnce } from "@/components/ui/TokenOnce";
import type { IntegrationCredentialView as CredentialView } from "@/server/record/integration";

/** The institution admin's integration credentials: issue (token shown once), list, revoke after confirming. */
export function IntegrationsAdmin() {
  const { t, locale } = useI18n();
  const [credentials, setCredentials] = useState<CredentialView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState<CredentialView | null>(null);
  const [pending, setPending] = useState(false);

  const message = useCallback((e: unknown) => (e instanceof ApiCallError && e.message ? e.message : t("record.integration.ui.networkError")), [t]);

  const load = useCallback(
    () =>
      callApi<{ credentials: CredentialView[] }>("/api/admin/integrations").then(
        (result) => setCredentials(result.credentials),
        (e: unknown) => setError(message(e)),
      ),
    [message],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function onIssue(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = String(new FormData(formElement).get("credentialName") ?? "").trim();
    setError(null);
    if (!name) {
      setNameError(t("record.integration.ui.nameRequired"));
      return;
    }
    setNameError(null);
    setPending(true);
    try {
      const result = await callApi<{ credential: CredentialView; token: string }>("/api/admin/integrations", { method: "POST", json: { name } });
      setIssued({ name: result.credential.name, token: result.token });
      formElement.reset();
      await load();
    } catch (e) {
      setError(message(e));
    } finally {
      setPending(false);
    }
  }

  async function revoke(id: string) {
    setConfirmRevoke(null);
    try {
      await callApi(`/api/admin/integrations/${id}/revoke`, { method: "POST" });
      await load();
    } catch (e) {
      setError(message(e));
    }
  }

  return (
    <div className="stack">
      <form className="form card" onSubmit={onIssue} noValidate>
        <h2>{t("record.integration.ui.issueHeading")}</h2>
        <div className="field">
          <label htmlFor="credentialName">{t("record.integration.ui.name")}</label>
          <input id="credentialName" name="credentialName" required maxLength={100} autoComplete="off" aria-invalid={nameError ? true : undefined} aria-describedby="credentialNameHint credentialNameError" />
          <span className="field__hint" id="credentialNameHint">
            {t("record.integration.ui.nameHint")}
          </span>
          {nameError ? (
            <span className="field__error" id="credentialNameError" role="alert">
              {nameError}
            </span>
          ) : null}
        </div>
        <button type="submit" className="button button--primary" disabled={pending} aria-busy={pending}>
          {t("record.integration.ui.issue")}
        </button>
      </form>
      {issued ? <TokenOnce message={t("record.integration.ui.tokenOnce", { name: issued.name })} token={issued.token} copyLabel={t("record.integration.ui.copy")} testId="integration-token" /> : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {credentials === null && !error ? <p role="status">{t("record.integration.ui.loading")}</p> : null}
      {credentials?.length === 0 ? <p className="card empty-state">{t("record.integration.ui.none")}</p> : null}
      {credentials && credentials.length > 0 ? (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("record.integration.ui.name")}</th>
                <th scope="col">{t("record.integration.ui.token")}</th>
                <th scope="col">{t("record.integration.ui.created")}</th>
                <th scope="col">{t("record.integration.ui.lastUsed")}</th>
                <th scope="col">{t("record.integration.ui.state")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("record.integration.ui.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {credentials.map((credential) => (
                <tr key={credential.id}>
                  <td>{credential.name}</td>
                  <td>…{credential.tokenHint}</td>
                  <td>{formatDateTime(credential.createdAt, locale)}</td>
                  <td>{credential.lastUsedAt ? formatDateTime(credential.lastUsedAt, locale) : t("record.integration.ui.never")}</td>
                  <td>{credential.revokedAt ? t("record.integration.ui.revoked") : t("record.integration.ui.active")}</td>
                  <td>
                    {credential.revokedAt ? null : (
                      <button type="button" className="button button--ghost" onClick={() => setConfirmRevoke(credential)}>
                        {t("record.integration.ui.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirmRevoke !== null}
        title={t("record.integration.ui.confirmRevoke", { name: confirmRevoke?.name ?? "" })}
        confirmLabel={t("record.integration.ui.confirm")}
        cancelLabel={t("record.integration.ui.cancel")}
        danger
        onConfirm={() => void (confirmRevoke && revoke(confirmRevoke.id))}
        onCancel={() => setConfirmRevoke(null)}
      />
    </div>
  );
}

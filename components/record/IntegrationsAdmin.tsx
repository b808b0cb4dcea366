"use client";

import { useI18n } from "@/components/i18n/I18nProvider";
import { formatDateTime } from "@/components/consultation/format";
import { CredentialsAdmin, FieldError } from "@/components/ui/CredentialsAdmin";
import type { IntegrationCredentialView as CredentialView } from "@/server/record/integration";

/** The institution admin's integration credentials: issue (token shown once), list, revoke after confirming. */
export function IntegrationsAdmin() {
  const { t, locale } = useI18n();
  return (
    <CredentialsAdmin<CredentialView>
      endpoint="/api/admin/integrations"
      listKey="credentials"
      itemKey="credential"
      heading={t("record.integration.ui.issueHeading")}
      issueLabel={t("record.integration.ui.issue")}
      fields={(fieldError) => {
        const nameError = fieldError?.field === "credentialName" ? fieldError.message : null;
        return (
          <div className="field">
            <label htmlFor="credentialName">{t("record.integration.ui.name")}</label>
            <input id="credentialName" name="credentialName" required maxLength={100} autoComplete="off" aria-invalid={nameError ? true : undefined} aria-describedby="credentialNameHint credentialNameError" />
            <span className="field__hint" id="credentialNameHint">
              {t("record.integration.ui.nameHint")}
            </span>
            <FieldError id="credentialNameError" error={nameError} />
          </div>
        );
      }}
      toRequest={(form) => {
        const name = String(form.get("credentialName") ?? "").trim();
        return name ? { json: { name } } : { fieldError: { field: "credentialName", message: t("record.integration.ui.nameRequired") } };
      }}
      columns={[
        { header: t("record.integration.ui.name"), cell: (c) => c.name },
        { header: t("record.integration.ui.token"), cell: (c) => `…${c.tokenHint}` },
        { header: t("record.integration.ui.created"), cell: (c) => formatDateTime(c.createdAt, locale) },
        { header: t("record.integration.ui.lastUsed"), cell: (c) => (c.lastUsedAt ? formatDateTime(c.lastUsedAt, locale) : t("record.integration.ui.never")) },
        { header: t("record.integration.ui.state"), cell: (c) => (c.revokedAt ? t("record.integration.ui.revoked") : t("record.integration.ui.active")) },
      ]}
      tokenMessage={(c) => t("record.integration.ui.tokenOnce", { name: c.name })}
      tokenTestId="integration-token"
      revokeTitle={(c) => t("record.integration.ui.confirmRevoke", { name: c.name })}
      labels={{
        copy: t("record.integration.ui.copy"),
        loading: t("record.integration.ui.loading"),
        none: t("record.integration.ui.none"),
        revoke: t("record.integration.ui.revoke"),
        confirmRevoke: t("record.integration.ui.confirm"),
        cancel: t("record.integration.ui.cancel"),
        actions: t("record.integration.ui.actions"),
        networkError: t("record.integration.ui.networkError"),
      }}
    />
  );
}

"use client";

import { useI18n } from "@/components/i18n/I18nProvider";
import { CredentialsAdmin } from "@/components/ui/CredentialsAdmin";

interface TerminalView {
  id: string;
  code: string;
  name: string;
  tokenHint: string;
  signed: boolean;
  createdAt: string;
  revokedAt: string | null;
}

/** The institution admin's health-card terminals: issue (token shown once), list, revoke after confirming. */
export function TerminalsAdmin() {
  const { t } = useI18n();
  return (
    <CredentialsAdmin<TerminalView>
      endpoint="/api/admin/terminals"
      listKey="terminals"
      itemKey="terminal"
      heading={t("healthCard.ui.terminals.issueHeading")}
      issueLabel={t("healthCard.ui.terminals.issue")}
      fields={() => (
        <>
          <div className="field">
            <label htmlFor="code">{t("healthCard.ui.terminals.code")}</label>
            <input id="code" name="code" required placeholder="IM-01" autoComplete="off" aria-describedby="codeHint" />
            <span className="field__hint" id="codeHint">
              {t("healthCard.ui.terminals.codeHint")}
            </span>
          </div>
          <div className="field">
            <label htmlFor="terminalName">{t("healthCard.ui.terminals.name")}</label>
            <input id="terminalName" name="terminalName" required maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="sm2PublicKey">{t("healthCard.ui.terminals.publicKey")}</label>
            <input id="sm2PublicKey" name="sm2PublicKey" autoComplete="off" spellCheck={false} aria-describedby="sm2PublicKeyHint" />
            <span className="field__hint" id="sm2PublicKeyHint">
              {t("healthCard.ui.terminals.publicKeyHint")}
            </span>
          </div>
        </>
      )}
      toRequest={(form) => ({ json: { code: String(form.get("code") ?? ""), name: String(form.get("terminalName") ?? ""), sm2PublicKey: String(form.get("sm2PublicKey") ?? "") || null } })}
      columns={[
        { header: t("healthCard.ui.terminals.code"), cell: (terminal) => terminal.code },
        { header: t("healthCard.ui.terminals.name"), cell: (terminal) => terminal.name },
        { header: t("healthCard.ui.terminals.token"), cell: (terminal) => `…${terminal.tokenHint}${terminal.signed ? ` · ${t("healthCard.ui.terminals.signed")}` : ""}` },
        { header: t("healthCard.ui.terminals.state"), cell: (terminal) => (terminal.revokedAt ? t("healthCard.ui.terminals.revoked") : t("healthCard.ui.terminals.active")) },
      ]}
      tokenMessage={(terminal) => t("healthCard.ui.terminals.tokenOnce", { code: terminal.code })}
      tokenTestId="terminal-token"
      revokeTitle={(terminal) => t("healthCard.ui.terminals.confirmRevokeTitle", { code: terminal.code, name: terminal.name })}
      labels={{
        copy: t("healthCard.ui.terminals.copy"),
        loading: t("healthCard.ui.loading"),
        none: t("healthCard.ui.terminals.none"),
        revoke: t("healthCard.ui.terminals.revoke"),
        confirmRevoke: t("healthCard.ui.terminals.confirmRevoke"),
        cancel: t("healthCard.ui.cancel"),
        actions: t("healthCard.ui.terminals.actions"),
        networkError: t("healthCard.ui.networkError"),
      }}
    />
  );
}

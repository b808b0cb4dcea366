"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { TokenOnce } from "@/components/ui/TokenOnce";
import { callApi, errorText } from "./api";

interface TerminalView {
  id: string;
  code: string;
  name: string;
  tokenHint: string;
  signed: boolean;
  createdAt: string;
  revokedAt: string | null;
}

export function TerminalsAdmin() {
  const { t } = useI18n();
  const [terminals, setTerminals] = useState<TerminalView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ code: string; token: string } | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const load = useCallback(
    () =>
      callApi<{ terminals: TerminalView[] }>("/api/admin/terminals").then(
        (result) => setTerminals(result.terminals),
        (e: unknown) => setError(errorText(e, t)),
      ),
    [t],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function onIssue(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setPending(true);
    setError(null);
    try {
      const result = await callApi<{ terminal: TerminalView; token: string }>("/api/admin/terminals", {
        method: "POST",
        json: { code: String(form.get("code") ?? ""), name: String(form.get("terminalName") ?? ""), sm2PublicKey: String(form.get("sm2PublicKey") ?? "") || null },
      });
      setIssued({ code: result.terminal.code, token: result.token });
      formElement.reset();
      await load();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setPending(false);
    }
  }

  async function revoke(id: string) {
    setConfirmRevoke(null);
    try {
      await callApi(`/api/admin/terminals/${id}/revoke`, { method: "POST" });
      await load();
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  return (
    <div className="stack">
      <form className="form card" onSubmit={onIssue} noValidate>
        <h2>{t("healthCard.ui.terminals.issueHeading")}</h2>
        <div className="field">
          <label htmlFor="code">{t("healthCard.ui.terminals.code")}</label>
          <input id="code" name="code" required placeholder="IM-01" autoComplete="off" />
          <span className="field__hint">{t("healthCard.ui.terminals.codeHint")}</span>
        </div>
        <div className="field">
          <label htmlFor="terminalName">{t("healthCard.ui.terminals.name")}</label>
          <input id="terminalName" name="terminalName" required maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="sm2PublicKey">{t("healthCard.ui.terminals.publicKey")}</label>
          <input id="sm2PublicKey" name="sm2PublicKey" autoComplete="off" spellCheck={false} />
          <span className="field__hint">{t("healthCard.ui.terminals.publicKeyHint")}</span>
        </div>
        <button type="submit" className="button button--primary" disabled={pending} aria-busy={pending}>
          {t("healthCard.ui.terminals.issue")}
        </button>
      </form>
      {issued ? <TokenOnce message={t("healthCard.ui.terminals.tokenOnce", { code: issued.code })} token={issued.token} copyLabel={t("healthCard.ui.terminals.copy")} testId="terminal-token" /> : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {terminals === null ? <p role="status">{t("healthCard.ui.loading")}</p> : null}
      {terminals?.length === 0 ? <p className="card empty-state">{t("healthCard.ui.terminals.none")}</p> : null}
      {terminals && terminals.length > 0 ? (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("healthCard.ui.terminals.code")}</th>
                <th scope="col">{t("healthCard.ui.terminals.name")}</th>
                <th scope="col">{t("healthCard.ui.terminals.token")}</th>
                <th scope="col">{t("healthCard.ui.terminals.state")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("healthCard.ui.terminals.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {terminals.map((terminal) => (
                <tr key={terminal.id}>
                  <td>{terminal.code}</td>
                  <td>{terminal.name}</td>
                  <td>…{terminal.tokenHint}{terminal.signed ? ` · ${t("healthCard.ui.terminals.signed")}` : ""}</td>
                  <td>{terminal.revokedAt ? t("healthCard.ui.terminals.revoked") : t("healthCard.ui.terminals.active")}</td>
                  <td>
                    {terminal.revokedAt ? null : confirmRevoke === terminal.id ? (
                      <span className="button-row">
                        <button type="button" className="button button--danger" onClick={() => void revoke(terminal.id)}>
                          {t("healthCard.ui.terminals.confirmRevoke")}
                        </button>
                        <button type="button" className="button button--ghost" onClick={() => setConfirmRevoke(null)}>
                          {t("healthCard.ui.cancel")}
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="button button--ghost" onClick={() => setConfirmRevoke(terminal.id)}>
                        {t("healthCard.ui.terminals.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

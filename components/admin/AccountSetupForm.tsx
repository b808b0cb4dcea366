"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi } from "@/components/healthcard/api";
import { PendingButton } from "@/components/ui/PendingButton";
import type { LinkView } from "@/server/admin/links";
import { Field } from "./Field";
import { formErrorOf, type FormError } from "./formError";

type State = { kind: "loading" } | { kind: "refused"; message: string } | { kind: "ready"; link: LinkView } | { kind: "done"; username: string };

/**
 * The invited person (or one whose password was reset) chooses a password. The token is the
 * link's fragment (`#…`): read here, sent only in POST bodies, never in an address.
 */
export function AccountSetupForm() {
  const { t } = useI18n();
  const token = useRef("");
  const started = useRef(false);
  const [state, setState] = useState<State>({ kind: "loading" });
  const [error, setError] = useState<FormError | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    // Once: the fragment is gone from the address after the first read (and React may run an effect twice).
    if (started.current) return;
    started.current = true;
    const fromHash = window.location.hash.replace(/^#/, "");
    // Out of the address bar and the history entry once read.
    if (fromHash) window.history.replaceState(null, "", window.location.pathname);
    token.current = fromHash;
    const describe = async (): Promise<State> => {
      if (!fromHash) return { kind: "refused", message: t("admin.setup.noToken") };
      try {
        return { kind: "ready", link: await callApi<LinkView>("/api/account/link", { method: "POST", json: { token: fromHash } }) };
      } catch (e) {
        return { kind: "refused", message: formErrorOf(e, t("admin.ui.networkError")).message };
      }
    };
    void describe().then(setState);
  }, [t]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = new FormData(event.currentTarget);
    const password = String(values.get("newPassword") ?? "");
    if (!password) return setError({ field: "password", message: t("admin.ui.passwordRequired") });
    if (password !== String(values.get("confirmPassword") ?? "")) return setError({ field: "confirm", message: t("admin.setup.mismatch") });
    setError(null);
    setPending(true);
    try {
      const result = await callApi<{ username: string }>("/api/account/password", { method: "POST", json: { token: token.current, password } });
      setState({ kind: "done", username: result.username });
    } catch (e) {
      const refused = formErrorOf(e, t("admin.ui.networkError"));
      // A link used or expired meanwhile: nothing more to do on this page.
      if (refused.field === null && e && typeof e === "object" && "status" in e && [404, 410, 403].includes((e as { status: number }).status)) setState({ kind: "refused", message: refused.message });
      else setError(refused.field ? refused : { field: null, message: refused.message });
    } finally {
      setPending(false);
    }
  }

  if (state.kind === "loading") return <p role="status">{t("admin.ui.loading")}</p>;
  if (state.kind === "refused")
    return (
      <div className="stack">
        <p className="notice notice--error" role="alert" data-testid="setup-refused">
          {state.message}
        </p>
        <Link href="/signin">{t("admin.setup.toSignIn")}</Link>
      </div>
    );
  if (state.kind === "done")
    return (
      <div className="stack">
        <p className="notice notice--success" role="status" data-testid="setup-done">
          {t("admin.setup.done", { username: state.username })}
        </p>
        <Link className="button button--primary" href="/signin">
          {t("admin.setup.toSignIn")}
        </Link>
      </div>
    );
  const { link } = state;
  const err = (field: string) => (error?.field === field ? error.message : null);
  return (
    <form className="form" onSubmit={onSubmit} noValidate data-testid="setup-form">
      <p>{t(link.purpose === "INVITE" ? "admin.setup.inviteFor" : "admin.setup.resetFor", { name: link.displayName, institution: link.institution?.name ?? "" })}</p>
      <p>
        {t("admin.ui.username")}: <code data-testid="setup-username">{link.username}</code>
      </p>
      <input type="text" name="username" autoComplete="username" value={link.username} readOnly hidden />
      <Field id="newPassword" type="password" label={t("admin.setup.password")} hint={t("admin.ui.passwordHint")} error={err("password")} autoComplete="new-password" maxLength={256} />
      <Field id="confirmPassword" type="password" label={t("admin.setup.confirm")} error={err("confirm")} autoComplete="new-password" maxLength={256} />
      {error && !error.field ? (
        <p className="notice notice--error" role="alert">
          {error.message}
        </p>
      ) : null}
      <PendingButton type="submit" className="button button--primary button--block" pending={pending}>
        {t("admin.setup.submit")}
      </PendingButton>
    </form>
  );
}

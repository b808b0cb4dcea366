"use client";

import { signIn } from "next-auth/react";
import { signInWaitMessage } from "@/lib/errors";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { PendingButton } from "@/components/ui/PendingButton";
import type { Translate } from "@/lib/i18n";

/** next-auth hands back the domain error as "CODE" or "CODE:minutes", "RATE_LIMITED:seconds" (see server/auth/nextAuth.ts). */
export function messageForSignInError(error: string, t: Translate): string {
  const [code, minutes] = error.split(":");
  switch (code) {
    case "INVALID_CREDENTIALS":
    case "CredentialsSignin":
      return t("auth.invalidCredentials");
    case "RATE_LIMITED": {
      const wait = signInWaitMessage(Number(minutes) || 60);
      return t(wait.key, wait.params);
    }
    case "ACCOUNT_LOCKED":
      return t("auth.locked", { minutes: minutes ?? "15" });
    case "ACCOUNT_DISABLED":
      return t("auth.disabled");
    case "VALIDATION_FAILED":
      return t("signIn.required");
    default:
      return t("auth.unavailable");
  }
}

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!username || !password) {
      setError(t("signIn.required"));
      return;
    }
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { username, password, redirect: false }).catch(() => null);
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setPending(false);
    setError(result ? messageForSignInError(result.error ?? "UNAVAILABLE", t) : t("signIn.network"));
  }

  return (
    <form className="form" method="post" onSubmit={onSubmit} noValidate aria-describedby={error ? "signin-error" : undefined}>
      <div className="field">
        <label htmlFor="username">{t("signIn.username")}</label>
        <input id="username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required aria-invalid={Boolean(error)} />
      </div>
      <div className="field">
        <label htmlFor="password">{t("signIn.password")}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={Boolean(error)} />
      </div>
      {error ? (
        <p id="signin-error" className="notice notice--error" role="alert" data-testid="signin-error">
          {error}
        </p>
      ) : null}
      <PendingButton type="submit" className="button button--primary button--block" pending={pending} pendingLabel={t("signIn.submitting")}>
        {t("signIn.submit")}
      </PendingButton>
    </form>
  );
}

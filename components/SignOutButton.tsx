"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";

export function SignOutButton() {
  const { t } = useI18n();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button button--ghost"
      disabled={pending}
      aria-busy={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/signin?signedOut=1" }).catch(() => setPending(false));
      }}
    >
      {pending ? t("nav.signingOut") : t("nav.signOut")}
    </button>
  );
}

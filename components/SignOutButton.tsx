"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { expectSignOut } from "@/components/notifications/NotificationsProvider";

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
        expectSignOut();
        void signOut({ callbackUrl: "/signin?signedOut=1" }).catch(() => {
          expectSignOut(false);
          setPending(false);
        });
      }}
    >
      {pending ? t("nav.signingOut") : t("nav.signOut")}
    </button>
  );
}

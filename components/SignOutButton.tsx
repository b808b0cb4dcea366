"use client";

import { signOut } from "next-auth/react";
import { useI18n } from "@/components/i18n/I18nProvider";

export function SignOutButton() {
  const { t } = useI18n();
  return (
    <button type="button" className="button button--ghost" onClick={() => void signOut({ callbackUrl: "/signin?signedOut=1" })}>
      {t("nav.signOut")}
    </button>
  );
}

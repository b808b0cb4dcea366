"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { localeCookie } from "@/lib/cookies";
import { useI18n } from "./I18nProvider";

export function LocaleSwitch() {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const next = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <button
      type="button"
      className="button button--ghost"
      lang={next}
      aria-label={`${t("locale.label")}: ${t("locale.switchTo")}`}
      disabled={pending}
      onClick={() => {
        document.cookie = localeCookie(next, { secure: window.location.protocol === "https:" });
        startTransition(() => router.refresh());
      }}
    >
      {t("locale.switchTo")}
    </button>
  );
}

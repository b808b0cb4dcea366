"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { callApi } from "@/components/healthcard/api";

/** Large text for the resident pages (适老化): saved on the account, so every device of theirs shows it. */
export function TextSizeToggle({ large }: { large: boolean }) {
  const { t } = useI18n();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button--ghost"
        aria-pressed={large}
        disabled={pending}
        onClick={() => {
          setFailed(false);
          startTransition(async () => {
            try {
              await callApi("/api/account/preferences", { method: "PUT", json: { largeText: !large } });
              router.refresh();
            } catch {
              setFailed(true);
            }
          });
        }}
      >
        {t("textSize.large")}
      </button>
      {failed ? (
        <span className="visually-hidden" role="alert">
          {t("textSize.saveFailed")}
        </span>
      ) : null}
    </>
  );
}

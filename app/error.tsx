"use client";

import { useEffect } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const { t } = useI18n();
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main id="main" className="centered-page">
      <div className="card message-card" role="alert">
        <h1>{t("page.error.title")}</h1>
        <p>{t("page.error.body")}</p>
        {error.digest ? <p className="muted">#{error.digest}</p> : null}
        <button type="button" className="button button--primary" onClick={reset}>
          {t("page.error.retry")}
        </button>
      </div>
    </main>
  );
}

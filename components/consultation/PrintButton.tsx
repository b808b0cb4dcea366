"use client";

import { useI18n } from "@/components/i18n/I18nProvider";

export function PrintButton() {
  const { t } = useI18n();
  return (
    <button type="button" className="button button--ghost no-print" onClick={() => window.print()}>
      {t("cons.print.button")}
    </button>
  );
}

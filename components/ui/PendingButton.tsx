"use client";

import { useSyncExternalStore, type ButtonHTMLAttributes } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";

const noSubscription = () => () => {};

/** False in the server-rendered HTML and until React has hydrated it, true from then on. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * A button that says when it is busy. On a slow network the page paints seconds before its script
 * runs; until then a tap would do nothing (or submit the form natively), so the button is disabled
 * and says it is loading.
 */
export function PendingButton({ pending, pendingLabel, children, disabled, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { pending: boolean; pendingLabel?: string }) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const busy = pending || !hydrated;
  return (
    <button type="button" {...rest} disabled={busy || disabled} aria-busy={busy}>
      {!hydrated ? t("common.loading") : pending ? (pendingLabel ?? t("common.submitting")) : children}
    </button>
  );
}

"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { fill, type Locale, type Params } from "@/lib/i18n/locale";
import type { TextKey } from "@/lib/i18n";

interface I18nValue {
  locale: Locale;
  /** The texts of the keys this subtree's page handed out (merged with the enclosing providers'). */
  messages: Readonly<Record<string, string>>;
  t: (key: TextKey, params?: Params) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

/**
 * Hands client components the texts their page picked for them (app/_lib/ClientMessages.tsx),
 * never the whole catalogue. Providers nest: an inner one adds its texts to the outer one's.
 * A text the locale lacks arrives in Chinese (pickMessages fills it in on the server), so `t`
 * shows the raw key only for a key nobody handed out (the coverage test prevents that).
 */
export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Readonly<Record<string, string>>; children: ReactNode }) {
  const parent = useContext(I18nContext);
  const value = useMemo<I18nValue>(() => {
    const merged = { ...parent?.messages, ...messages };
    return { locale, messages: merged, t: (key, params) => fill(merged[key] ?? key, params) };
  }, [locale, messages, parent]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

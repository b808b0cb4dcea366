/**
 * The i18n catalogue: Simplified Chinese first, English second. Every user-visible string is a
 * key here; `translate` fills `{placeholders}`. Unknown keys fall back to Chinese, then to the
 * key itself, so a missing text never breaks a page.
 */
import { en } from "./en";
import { zhCN, type MessageKey } from "./zh-CN";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "locale";
export type { MessageKey };

const catalogues: Record<Locale, Record<string, string>> = { "zh-CN": zhCN, en };

/** Domain modules contribute their own messages (e.g. server/healthcard/messages.ts). */
export function registerMessages(extra: Record<Locale, Record<string, string>>): void {
  for (const locale of LOCALES) Object.assign(catalogues[locale], extra[locale]);
}

/** A domain catalogue written as [key, Chinese, English] rows, both languages side by side. */
export function messagesFromRows(rows: readonly (readonly [key: string, zh: string, en: string])[]): Record<Locale, Record<string, string>> {
  return { "zh-CN": Object.fromEntries(rows.map(([key, zh]) => [key, zh])), en: Object.fromEntries(rows.map(([key, , english]) => [key, english])) };
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * Simplified Chinese unless the person chose English with the switch (a cookie). The browser's
 * Accept-Language is deliberately ignored: hospital PCs often run English-language browsers for
 * staff who expect the Chinese interface.
 */
export function resolveLocale(cookieValue?: string | null): Locale {
  return isLocale(cookieValue) ? cookieValue : DEFAULT_LOCALE;
}

export type Params = Record<string, string | number>;

export function translate(locale: Locale, key: string, params: Params = {}): string {
  const template = catalogues[locale][key] ?? catalogues[DEFAULT_LOCALE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function messagesFor(locale: Locale): Record<string, string> {
  return catalogues[locale];
}

export type Translate = (key: MessageKey | (string & {}), params?: Params) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/**
 * Locales and placeholder filling: no catalogue here, so client components may import it freely
 * (the catalogue itself stays on the server; pages hand client components only the texts they use).
 */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "locale";

export type Params = Record<string, string | number>;

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

/** Fills `{name}` placeholders; an unknown placeholder stays as written. */
export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

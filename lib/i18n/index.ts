/**
 * The i18n catalogue: Simplified Chinese first, English second. Every user-visible string is a
 * key of the static catalogue (messages/index.ts); `translate` fills `{placeholders}`. A key built
 * at run time that is not in the catalogue falls back to the key itself, so a missing text never
 * breaks a page.
 *
 * Server code only: client components get their texts from the page (`pickMessages`, through
 * <ClientMessages>) and import types and locale helpers from ./locale.
 */
import { fill, type Locale, type Params } from "./locale";
import { MESSAGES, type MessageKey, type TextKey } from "./messages";

export { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES, fill, isLocale, resolveLocale, type Locale, type Params } from "./locale";
export { MESSAGES, type DynamicKey, type MessageKey, type TextKey } from "./messages";

/** A key computed at run time (`role.${role}` from a string, a key sent by the API) checked against the catalogue. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES, key);
}

function text(locale: Locale, key: MessageKey): string {
  const message = MESSAGES[key];
  return (locale === "en" ? message.en : message.zh) || message.zh;
}

export function translate(locale: Locale, key: TextKey, params: Params = {}): string {
  return fill(isMessageKey(key) ? text(locale, key) : key, params);
}

/** For keys that arrive as plain strings (stored failure keys, error keys from another layer). */
export function translateKey(locale: Locale, key: string, params: Params = {}): string {
  return isMessageKey(key) ? translate(locale, key, params) : fill(key, params);
}

export type Translate = (key: TextKey, params?: Params) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/**
 * A namespace is a key prefix ending in "." (every key under it) or one exact key. The texts of
 * the keys under the namespaces, in the locale, for a client provider; a text the locale lacks is
 * sent in Chinese (the catalogue's type makes that rare: both languages are required).
 */
export function pickMessages(locale: Locale, namespaces: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(MESSAGES) as MessageKey[]) {
    if (namespaces.some((namespace) => (namespace.endsWith(".") ? key.startsWith(namespace) : key === namespace))) picked[key] = text(locale, key);
  }
  return picked;
}

/** Every text of one locale (tests and tools). */
export function messagesFor(locale: Locale): Record<MessageKey, string> {
  return Object.fromEntries((Object.keys(MESSAGES) as MessageKey[]).map((key) => [key, text(locale, key)])) as Record<MessageKey, string>;
}

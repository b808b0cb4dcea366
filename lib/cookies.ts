/**
 * Cookies through the `cookie` package, for every place that reads a Cookie header (raw Node
 * requests, Next requests, socket.io handshakes) and for the locale cookie the browser sets.
 */
import { parseCookie, stringifySetCookie } from "cookie";
import { LOCALE_COOKIE, resolveLocale, type Locale } from "@/lib/i18n";

/** One cookie's (decoded) value from a Cookie header, or undefined when it is not there. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  return parseCookie(header)[name];
}

/** The person's language from a Cookie header (Chinese unless they chose English). */
export function localeFromCookieHeader(header: string | null | undefined): Locale {
  return resolveLocale(readCookie(header, LOCALE_COOKIE));
}

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The locale cookie as `document.cookie` takes it: the whole site, a year, same-site lax, and
 * Secure when the page was served over https (the page's own protocol: a browser script cannot
 * read the server's configuration, and a Secure cookie set from an http page is dropped).
 */
export function localeCookie(locale: Locale, options: { secure: boolean }): string {
  return stringifySetCookie(LOCALE_COOKIE, locale, { path: "/", maxAge: ONE_YEAR_SECONDS, sameSite: "lax", secure: options.secure });
}

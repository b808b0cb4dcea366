import { cookies } from "next/headers";
import { LOCALE_COOKIE, resolveLocale, translator, type Locale, type Translate } from "@/lib/i18n";

export async function getRequestLocale(): Promise<Locale> {
  const cookieStore = await cookies();
  return resolveLocale(cookieStore.get(LOCALE_COOKIE)?.value);
}

export async function getServerT(): Promise<{ locale: Locale; t: Translate }> {
  const locale = await getRequestLocale();
  return { locale, t: translator(locale) };
}

import type { ReactNode } from "react";
import { I18nProvider } from "@/components/i18n/I18nProvider";
import { namespacesOf, type ClientComponent } from "@/components/i18n/clientMessages";
import { pickMessages } from "@/lib/i18n";
import { getRequestLocale } from "@/app/_lib/i18n";

/**
 * Hands the named client components (components/i18n/clientMessages.ts) their texts in the
 * request's language: only those keys travel to the browser. Nests inside an enclosing provider.
 */
export async function ClientMessages({ of, children }: { of: readonly ClientComponent[]; children: ReactNode }) {
  const locale = await getRequestLocale();
  return (
    <I18nProvider locale={locale} messages={pickMessages(locale, namespacesOf(of))}>
      {children}
    </I18nProvider>
  );
}

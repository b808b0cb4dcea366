import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { translate } from "@/lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getRequestLocale } from "@/app/_lib/i18n";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const locale = await getRequestLocale();
  return { title: translate(locale, "app.name"), description: translate(locale, "app.tagline") };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0b6e74" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getRequestLocale();
  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {translate(locale, "app.skipToContent")}
        </a>
        {/* Each page hands its own client components their texts; here only the error boundary's. */}
        <ClientMessages of={["error"]}>
          {children}
        </ClientMessages>
      </body>
    </html>
  );
}

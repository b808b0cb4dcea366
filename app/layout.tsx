import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { translate } from "@/lib/i18n";
import { ClientMessages } from "@/app/_lib/ClientMessages";
import { getRequestLocale } from "@/app/_lib/i18n";
import { BRAND } from "@/app/_lib/brand";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const locale = await getRequestLocale();
  return {
    title: translate(locale, "app.name"),
    description: translate(locale, "app.tagline"),
    applicationName: translate(locale, "app.name"),
    // public/, made by scripts/generate-icons.ts; the manifest (app/manifest.ts) Next links itself.
    icons: {
      icon: [
        { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
        { url: "/icon.svg", type: "image/svg+xml" },
      ],
      apple: { url: "/apple-touch-icon.png", sizes: "180x180" },
    },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: BRAND.themeColor };

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

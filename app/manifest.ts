import type { MetadataRoute } from "next";
import { translate } from "@/lib/i18n";
import { BRAND } from "@/app/_lib/brand";

/**
 * The web manifest (/manifest.webmanifest, linked by Next from every page): the Chinese name the
 * platform goes by, the English short name under the icon, the icons of public/ (made by
 * scripts/generate-icons.ts from public/icon.svg).
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: translate("zh-CN", "app.name"),
    short_name: translate("en", "app.shortName"),
    description: translate("zh-CN", "app.tagline"),
    lang: "zh-CN",
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: BRAND.themeColor,
    background_color: BRAND.backgroundColor,
    icons: [
      { src: "/icon.svg", type: "image/svg+xml", sizes: "any", purpose: "any" },
      { src: "/icon-192.png", type: "image/png", sizes: "192x192", purpose: "any" },
      { src: "/icon-512.png", type: "image/png", sizes: "512x512", purpose: "any" },
      { src: "/icon-maskable-192.png", type: "image/png", sizes: "192x192", purpose: "maskable" },
      { src: "/icon-maskable-512.png", type: "image/png", sizes: "512x512", purpose: "maskable" },
    ],
  };
}

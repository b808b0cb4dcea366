"use client";

import { en } from "@/lib/i18n/en";
import { zhCN } from "@/lib/i18n/zh-CN";

// Rendered when the root layout itself failed, so no provider is available: show both languages.
export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="zh-CN">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2rem", maxWidth: "40rem", margin: "0 auto" }}>
        <h1>{zhCN["page.error.title"]}</h1>
        <p>{zhCN["page.error.body"]}</p>
        <h2 lang="en">{en["page.error.title"]}</h2>
        <p lang="en">{en["page.error.body"]}</p>
        <button type="button" onClick={reset}>
          {zhCN["page.error.retry"]} / {en["page.error.retry"]}
        </button>
      </body>
    </html>
  );
}

"use client";

import { appMessages } from "@/lib/i18n/messages/app";
// Its own stylesheet link (the root layout's is gone when this renders): no style attribute, which the CSP refuses.
import "./globals.css";

const { "page.error.title": title, "page.error.body": body, "page.error.retry": retry } = appMessages;

// Rendered when the root layout itself failed, so no provider is available: show both languages.
export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="zh-CN">
      <body className="global-error">
        <h1>{title.zh}</h1>
        <p>{body.zh}</p>
        <h2 lang="en">{title.en}</h2>
        <p lang="en">{body.en}</p>
        <button type="button" onClick={reset}>
          {retry.zh} / {retry.en}
        </button>
      </body>
    </html>
  );
}

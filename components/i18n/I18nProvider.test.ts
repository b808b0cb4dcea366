import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { pickMessages } from "@/lib/i18n";
import { I18nProvider, useI18n } from "./I18nProvider";

function Show({ keys }: { keys: string[] }) {
  const { t } = useI18n();
  return createElement("p", null, keys.map((key) => t(key as Parameters<typeof t>[0], { minutes: 15 })).join("|"));
}

describe("I18nProvider", () => {
  it("nested providers merge their texts; placeholders are filled; a key nobody handed out shows as itself", () => {
    const show = createElement(Show, { keys: ["app.name", "auth.locked", "signIn.title"] });
    const inner = createElement(I18nProvider, { locale: "en", messages: pickMessages("en", ["auth.locked"]), children: show });
    const html = renderToString(createElement(I18nProvider, { locale: "en", messages: pickMessages("en", ["app.name"]), children: inner }));
    expect(html).toContain("Remote Medicine Platform|");
    expect(html).toContain("15 minutes");
    expect(html).toContain("|signIn.title");
  });
});

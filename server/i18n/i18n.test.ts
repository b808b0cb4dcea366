import { describe, expect, it } from "vitest";
import { messagesFor, resolveLocale, translate } from "@/lib/i18n";
import "./register";

describe("i18n catalogue", () => {
  it("has the same keys in Chinese and English, none empty", () => {
    const zh = messagesFor("zh-CN");
    const en = messagesFor("en");
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe("");
    }
  });

  it("uses the same placeholders in both languages", () => {
    const zh = messagesFor("zh-CN");
    const en = messagesFor("en");
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(zh)) {
      expect(placeholders(en[key] ?? ""), key).toEqual(placeholders(zh[key] ?? ""));
    }
  });

  it("fills placeholders and falls back to the key for unknown messages", () => {
    expect(translate("en", "auth.locked", { minutes: 15 })).toContain("15 minutes");
    expect(translate("zh-CN", "auth.locked", { minutes: 15 })).toContain("15 分钟");
    expect(translate("en", "no.such.key")).toBe("no.such.key");
  });

  it("defaults to Chinese and switches only on the person's choice (the cookie)", () => {
    expect(resolveLocale(undefined)).toBe("zh-CN");
    expect(resolveLocale("en")).toBe("en");
    expect(resolveLocale("fr")).toBe("zh-CN");
  });
});

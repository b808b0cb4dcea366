import { describe, expect, it } from "vitest";
import { isMessageKey, messagesFor, MESSAGES, pickMessages, resolveLocale, translate, translateKey } from "@/lib/i18n";
import { FEATURE_CATALOGUES } from "@/lib/i18n/messages";

const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

describe("i18n catalogue", () => {
  it("has the same keys in Chinese and English, none empty", () => {
    const zh = messagesFor("zh-CN");
    const en = messagesFor("en");
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [key, message] of Object.entries(MESSAGES)) {
      expect(Object.keys(message).sort(), key).toEqual(["en", "zh"]);
      expect(message.zh.trim(), `${key} (zh)`).not.toBe("");
      expect(message.en.trim(), `${key} (en)`).not.toBe("");
    }
  });

  it("uses the same placeholders in both languages", () => {
    for (const [key, { zh, en }] of Object.entries(MESSAGES)) {
      expect(placeholders(en), key).toEqual(placeholders(zh));
    }
  });

  it("is the union of the feature catalogues, which share no key", () => {
    const owner = new Map<string, string>();
    for (const [feature, catalogue] of Object.entries(FEATURE_CATALOGUES)) {
      for (const key of Object.keys(catalogue)) {
        expect(owner.get(key), `${key} in ${feature}`).toBeUndefined();
        owner.set(key, feature);
      }
    }
    expect([...owner.keys()].sort()).toEqual(Object.keys(MESSAGES).sort());
  });

  it("fills placeholders and falls back to the key for unknown messages", () => {
    expect(translate("en", "auth.locked", { minutes: 15 })).toContain("15 minutes");
    expect(translate("zh-CN", "auth.locked", { minutes: 15 })).toContain("15 分钟");
    expect(translate("en", "cons.specialty.NOPE")).toBe("cons.specialty.NOPE");
    expect(translateKey("en", "no.such.key")).toBe("no.such.key");
    expect(translateKey("en", "auth.locked", { minutes: 5 })).toContain("5 minutes");
    expect(isMessageKey("auth.locked")).toBe(true);
    expect(isMessageKey("toString")).toBe(false);
  });

  it("picks a client's texts by namespace: a prefix ending in a dot, or one exact key", () => {
    const picked = pickMessages("en", ["signIn.", "app.name"]);
    expect(picked["app.name"]).toBe(MESSAGES["app.name"].en);
    expect(picked["signIn.title"]).toBe(MESSAGES["signIn.title"].en);
    expect(picked["app.tagline"]).toBeUndefined();
    expect(Object.keys(picked).every((key) => key === "app.name" || key.startsWith("signIn."))).toBe(true);
    expect(pickMessages("zh-CN", ["signIn.title"])).toEqual({ "signIn.title": MESSAGES["signIn.title"].zh });
  });

  it("defaults to Chinese and switches only on the person's choice (the cookie)", () => {
    expect(resolveLocale(undefined)).toBe("zh-CN");
    expect(resolveLocale("en")).toBe("en");
    expect(resolveLocale("fr")).toBe("zh-CN");
  });
});

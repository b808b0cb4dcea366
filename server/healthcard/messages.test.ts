import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Messages } from "@/lib/i18n/define";
import { healthCardMessages } from "@/lib/i18n/messages/healthCard";
import { healthCardAccessMessages } from "@/lib/i18n/messages/healthCardAccess";
import { healthCardMergeMessages } from "@/lib/i18n/messages/healthCardMerge";
import { healthCardUiMessages } from "@/lib/i18n/messages/healthCardUi";

describe("health-card messages", () => {
  it("list every key the module uses, in both languages with the same placeholders", () => {
    const dir = import.meta.dirname;
    const sources = readdirSync(dir)
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .map((file) => readFileSync(path.join(dir, file), "utf8"))
      .join("\n");
    const used = new Set<string>();
    for (const match of sources.matchAll(/"(healthCard\.[A-Za-z.]+)"/g)) used.add(match[1] as string);
    // identity.ts builds resident-ID keys from a suffix.
    for (const match of sources.matchAll(/fail\("(\w+)"/g)) used.add(`healthCard.residentId.${match[1]}`);

    const catalogue: Messages = { ...healthCardMessages, ...healthCardUiMessages, ...healthCardAccessMessages, ...healthCardMergeMessages };
    for (const key of used) expect(Object.keys(catalogue), key).toContain(key);
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, { zh, en }] of Object.entries(catalogue)) {
      expect(placeholders(en), key).toEqual(placeholders(zh));
    }
  });
});

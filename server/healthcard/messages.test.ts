import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { healthCardMessages } from "./messages";

describe("health-card messages", () => {
  it("list every key the module uses, in both languages with the same placeholders", () => {
    const dir = import.meta.dirname;
    const sources = readdirSync(dir)
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "messages.ts")
      .map((file) => readFileSync(path.join(dir, file), "utf8"))
      .join("\n");
    const used = new Set<string>();
    for (const match of sources.matchAll(/"(healthCard\.[A-Za-z.]+)"/g)) used.add(match[1] as string);
    // identity.ts builds resident-ID keys from a suffix.
    for (const match of sources.matchAll(/fail\("(\w+)"/g)) used.add(`healthCard.residentId.${match[1]}`);

    const zh = healthCardMessages["zh-CN"];
    const en = healthCardMessages.en;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const key of used) expect(Object.keys(zh), key).toContain(key);
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });
});

import { describe, expect, it } from "vitest";
import type { Messages } from "@/lib/i18n/define";
import { healthCardAccessMessages } from "@/lib/i18n/messages/healthCardAccess";
import { LABELLED_ACTIONS, labelKeyFor } from "./accessLog";

describe("record access labels", () => {
  it("has a Chinese and an English label for every labelled action and for the fallbacks", () => {
    const keys = [...LABELLED_ACTIONS.map((action) => labelKeyFor(action, null)), labelKeyFor("consultation.schedule", "consultation"), labelKeyFor("ehc.something", "resident")];
    expect(keys).toContain("healthCard.access.action.consultation.other");
    expect(keys).toContain("healthCard.access.action.other");
    const access: Messages = healthCardAccessMessages;
    for (const key of keys) {
      expect(access[key]?.zh, key).toBeTruthy();
      expect(access[key]?.en, key).toBeTruthy();
    }
  });
});

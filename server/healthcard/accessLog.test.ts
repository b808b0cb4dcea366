import { describe, expect, it } from "vitest";
import { accessMessages } from "./accessMessages";
import { LABELLED_ACTIONS, labelKeyFor } from "./accessLog";

describe("record access labels", () => {
  it("has a Chinese and an English label for every labelled action and for the fallbacks", () => {
    const keys = [...LABELLED_ACTIONS.map((action) => labelKeyFor(action, null)), labelKeyFor("consultation.schedule", "consultation"), labelKeyFor("ehc.something", "resident")];
    expect(keys).toContain("healthCard.access.action.consultation.other");
    expect(keys).toContain("healthCard.access.action.other");
    for (const key of keys) {
      expect(accessMessages["zh-CN"][key], key).toBeTruthy();
      expect(accessMessages.en[key], key).toBeTruthy();
    }
    expect(Object.keys(accessMessages.en).sort()).toEqual(Object.keys(accessMessages["zh-CN"]).sort());
  });
});

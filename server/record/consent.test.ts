import { describe, expect, it } from "vitest";
import { consentDateRange, consentExpiry, consentStatus } from "./consent";

// 2026-12-03 23:30 in Beijing is 15:30 UTC.
const NOW = new Date("2026-12-03T15:30:00Z");

describe("consent expiry (Beijing days, at most a year)", () => {
  it("ends at the last millisecond of the chosen day in Beijing time", () => {
    expect(consentExpiry("2026-12-03", NOW).toISOString()).toBe("2026-12-03T15:59:59.999Z");
    expect(consentExpiry("2027-12-03", NOW).toISOString()).toBe("2027-12-03T15:59:59.999Z");
  });

  it("refuses a day already over, a day more than a year away and a day that does not exist", () => {
    expect(() => consentExpiry("2026-12-02", NOW)).toThrow(expect.objectContaining({ status: 400, messageKey: "record.consent.expiryPast" }));
    expect(() => consentExpiry("2027-12-04", NOW)).toThrow(expect.objectContaining({ status: 400, messageKey: "record.consent.expiryTooFar" }));
    expect(() => consentExpiry("2027-02-29", NOW)).toThrow(expect.objectContaining({ status: 400, messageKey: "record.consent.expiryInvalid" }));
    // Just after midnight in Beijing, yesterday is over.
    expect(() => consentExpiry("2026-12-03", new Date("2026-12-03T16:00:00Z"))).toThrow(expect.objectContaining({ messageKey: "record.consent.expiryPast" }));
  });

  it("offers the date picker today to a year from today", () => {
    expect(consentDateRange(NOW)).toEqual({ min: "2026-12-03", max: "2027-12-03" });
  });

  it("is in force until it expires or is revoked", () => {
    const later = new Date(NOW.getTime() + 1000);
    expect(consentStatus({ expiresAt: later, revokedAt: null }, NOW)).toBe("ACTIVE");
    expect(consentStatus({ expiresAt: NOW, revokedAt: null }, NOW)).toBe("EXPIRED");
    expect(consentStatus({ expiresAt: later, revokedAt: NOW }, NOW)).toBe("REVOKED");
  });
});

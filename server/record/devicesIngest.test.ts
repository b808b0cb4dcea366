import { describe, expect, it } from "vitest";
import { translate } from "@/lib/i18n";
import { ALLOWED_PAIRS, checkBatch, CLOCK_SKEW_MS, MAX_READINGS_PER_BATCH, OLDEST_READING_MS } from "./devicesIngest";

const now = new Date("2026-12-03T08:00:00.000Z");
const reading = (overrides: Record<string, unknown> = {}) => ({ id: "r-1", kind: "BLOOD_PRESSURE", measuredAt: "2026-12-03T07:55:00+08:00", value: 128, value2: 82, unit: "mmHg", ...overrides });
const body = (readings: unknown[]) => JSON.stringify({ readings });

function refusal(rawBody: string): { code: string; status: number; message: string; details: unknown } {
  try {
    checkBatch(rawBody, now);
  } catch (error) {
    const e = error as { code: string; status: number; messageKey: Parameters<typeof translate>[1]; params: Record<string, string | number>; details: unknown };
    return { code: e.code, status: e.status, message: translate("en", e.messageKey, e.params), details: e.details };
  }
  throw new Error("expected a refusal");
}

describe("checkBatch", () => {
  it("turns a valid batch into rows in the kinds' own units, with flags for home readings", () => {
    const rows = checkBatch(
      body([reading(), reading({ id: "r-2", value: 150, value2: 95 }), reading({ id: "g-1", kind: "GLUCOSE", value: 180, value2: undefined, unit: "mg/dL" }), reading({ id: "h-1", kind: "HEART_RATE", value: 72, value2: null, unit: "bpm" })]),
      now,
    );
    expect(rows).toEqual([
      { readingId: "r-1", kind: "BLOOD_PRESSURE", value: 128, value2: 82, unit: "mmHg", measuredAt: new Date("2026-12-02T23:55:00.000Z"), flag: null },
      { readingId: "r-2", kind: "BLOOD_PRESSURE", value: 150, value2: 95, unit: "mmHg", measuredAt: new Date("2026-12-02T23:55:00.000Z"), flag: "HIGH" },
      { readingId: "g-1", kind: "GLUCOSE", value: 10, value2: null, unit: "mmol/L", measuredAt: new Date("2026-12-02T23:55:00.000Z"), flag: null },
      { readingId: "h-1", kind: "HEART_RATE", value: 72, value2: null, unit: "/min", measuredAt: new Date("2026-12-02T23:55:00.000Z"), flag: null },
    ]);
  });

  it("names the reading's index and field of an impossible value, a wrong unit, a missing diastolic", () => {
    const range = refusal(body([reading(), reading(), reading(), reading({ value: 1200 })]));
    expect(range).toMatchObject({ code: "READING_INVALID", status: 400, details: [{ path: "readings[3].value" }] });
    expect(range.message).toBe("readings[3].value: 1200 mmHg cannot be a real reading (possible range 40–300 mmHg)");
    expect(refusal(body([reading({ unit: "mmol/L" })])).message).toBe("readings[0].unit: the unit “mmol/L” is not one this measurement is taken in; use one of mmHg, kPa");
    expect(refusal(body([reading(), reading({ value2: undefined })])).details).toEqual([{ path: "readings[1].value2" }]);
  });

  it("refuses readings of the future beyond the clock skew, and older than a year", () => {
    const ahead = new Date(now.getTime() + CLOCK_SKEW_MS - 1000).toISOString();
    expect(checkBatch(body([reading({ measuredAt: ahead })]), now)).toHaveLength(1);
    const future = refusal(body([reading({ measuredAt: new Date(now.getTime() + CLOCK_SKEW_MS + 1000).toISOString() })]));
    expect(future).toMatchObject({ code: "READING_INVALID", details: [{ path: "readings[0].measuredAt" }] });
    const old = refusal(body([reading({ measuredAt: new Date(now.getTime() - OLDEST_READING_MS - 1000).toISOString() })]));
    expect(old.message).toContain("more than a year ago");
    expect(refusal(body([reading({ measuredAt: "yesterday" })])).details).toEqual([expect.objectContaining({ path: "readings[0].measuredAt" })]);
  });

  it("refuses a body that is not a batch, an empty one, and more than 100 readings (413)", () => {
    expect(refusal("{").code).toBe("BAD_JSON");
    expect(refusal(JSON.stringify([reading()])).code).toBe("NOT_A_BATCH");
    expect(refusal(JSON.stringify({ readings: {} })).code).toBe("NOT_A_BATCH");
    expect(refusal(body([])).code).toBe("EMPTY_BATCH");
    const many = refusal(body(Array.from({ length: MAX_READINGS_PER_BATCH + 1 }, (_, i) => reading({ id: `r${i}` }))));
    expect(many).toMatchObject({ code: "BATCH_TOO_LARGE", status: 413 });
    expect(many.message).toBe("A batch holds at most 100 readings; this one has 101. Send it in smaller batches");
    expect(checkBatch(body(Array.from({ length: MAX_READINGS_PER_BATCH }, (_, i) => reading({ id: `r${i}` }))), now)).toHaveLength(100);
  });

  it("refuses NUL bytes anywhere, bad ids, unknown kinds, values that are not numbers", () => {
    expect(refusal(body([reading({ id: "r\u0000" })])).code).toBe("NUL_BYTE");
    expect(refusal(body([reading({ unit: "mm\u0000Hg" })])).code).toBe("NUL_BYTE");
    expect(refusal(body([reading({ id: "a b" })])).details).toEqual([expect.objectContaining({ path: "readings[0].id" })]);
    expect(refusal(body([reading({ id: "x".repeat(65) })])).code).toBe("READING_INVALID");
    expect(refusal(body([reading({ kind: "CHOLESTEROL" })])).details).toEqual([expect.objectContaining({ path: "readings[0].kind" })]);
    expect(refusal(body([reading({ value: "128" })])).details).toEqual([expect.objectContaining({ path: "readings[0].value" })]);
    expect(refusal(body([null])).code).toBe("READING_INVALID");
  });

  it("the pairs the store allows are the devices' measures", () => {
    expect(ALLOWED_PAIRS).toEqual(["BLOOD_PRESSURE_MONITOR:BLOOD_PRESSURE", "BLOOD_PRESSURE_MONITOR:HEART_RATE", "GLUCOMETER:GLUCOSE", "HEART_RATE_BAND:HEART_RATE", "HEART_RATE_BAND:SPO2"]);
  });
});

import { describe, expect, it } from "vitest";
import { isMessageKey } from "@/lib/i18n";
import { checkVital, deviceMeasures, flagOf, isVitalProblem, referenceBand, VITAL_KINDS, VITAL_TABLE, worseFlag, type VitalInput, type VitalProblem, type VitalValue } from "./vitals";

const ok = (input: VitalInput): VitalValue => {
  const result = checkVital(input);
  if (isVitalProblem(result)) throw new Error(`expected a value, got ${result.code}`);
  return result;
};
const problem = (input: VitalInput): VitalProblem => {
  const result = checkVital(input);
  if (!isVitalProblem(result)) throw new Error(`expected a problem, got ${JSON.stringify(result)}`);
  return result;
};

describe("checkVital: units", () => {
  it("takes each kind's own unit, UCUM codes and device spellings, without case", () => {
    expect(ok({ kind: "BLOOD_PRESSURE", value: 128, value2: 82, unit: "mmHg" })).toEqual({ kind: "BLOOD_PRESSURE", value: 128, value2: 82, unit: "mmHg" });
    expect(ok({ kind: "BLOOD_PRESSURE", value: 128, value2: 82, unit: "mm[Hg]" }).unit).toBe("mmHg");
    expect(ok({ kind: "HEART_RATE", value: 72, unit: "bpm" })).toEqual({ kind: "HEART_RATE", value: 72, value2: null, unit: "/min" });
    expect(ok({ kind: "GLUCOSE", value: 5.6, unit: "MMOL/L" }).unit).toBe("mmol/L");
    expect(ok({ kind: "BODY_TEMPERATURE", value: 36.6, unit: "Cel" }).unit).toBe("°C");
    expect(ok({ kind: "SPO2", value: 98, unit: " % " }).unit).toBe("%");
  });

  it("converts kPa, mg/dL, °F, g and lb into the kind's unit, rounded to its precision", () => {
    expect(ok({ kind: "BLOOD_PRESSURE", value: 16, value2: 10.7, unit: "kPa" })).toMatchObject({ value: 120, value2: 80 });
    expect(ok({ kind: "GLUCOSE", value: 100, unit: "mg/dL" }).value).toBe(5.6);
    expect(ok({ kind: "GLUCOSE", value: 70, unit: "mg/dl" }).value).toBe(3.9);
    expect(ok({ kind: "BODY_TEMPERATURE", value: 98.6, unit: "°F" }).value).toBe(37);
    expect(ok({ kind: "BODY_WEIGHT", value: 3450, unit: "g" }).value).toBe(3.45);
    expect(ok({ kind: "BODY_WEIGHT", value: 150, unit: "lb" }).value).toBe(68.04);
  });

  it("refuses a unit the kind is not measured in, naming the units it takes", () => {
    const p = problem({ kind: "GLUCOSE", value: 5.6, unit: "mmHg" });
    expect(p).toMatchObject({ field: "unit", code: "UNIT_NOT_ACCEPTED", params: { unit: "mmHg", units: "mmol/L, mg/dL" } });
    expect(problem({ kind: "HEART_RATE", value: 72, unit: "%" }).field).toBe("unit");
    expect(problem({ kind: "SPO2", value: 98, unit: "" }).field).toBe("unit");
  });
});

describe("checkVital: values a living person can have", () => {
  it.each([
    ["BLOOD_PRESSURE", 1200, 80, "mmHg", "value"],
    ["BLOOD_PRESSURE", 30, 20, "mmHg", "value"],
    ["BLOOD_PRESSURE", 120, 250, "mmHg", "value2"],
    ["HEART_RATE", 0, null, "/min", "value"],
    ["HEART_RATE", 400, null, "/min", "value"],
    ["GLUCOSE", 0, null, "mmol/L", "value"],
    ["GLUCOSE", 1500, null, "mg/dL", "value"],
    ["SPO2", 101, null, "%", "value"],
    ["SPO2", 20, null, "%", "value"],
    ["BODY_TEMPERATURE", 50, null, "°C", "value"],
    ["BODY_TEMPERATURE", 20, null, "°C", "value"],
    ["BODY_WEIGHT", -3, null, "kg", "value"],
  ] as const)("%s %s/%s %s is refused on %s", (kind, value, value2, unit, field) => {
    const p = problem({ kind, value, value2, unit });
    expect(p.code).toBe("OUT_OF_RANGE");
    expect(p.field).toBe(field);
    expect(p.params).toMatchObject({ unit: VITAL_TABLE[kind].unit });
  });

  it("a blood pressure needs its diastolic value, below the systolic; other kinds have none", () => {
    expect(problem({ kind: "BLOOD_PRESSURE", value: 120, unit: "mmHg" })).toMatchObject({ field: "value2", code: "VALUE2_REQUIRED" });
    expect(problem({ kind: "BLOOD_PRESSURE", value: 80, value2: 120, unit: "mmHg" })).toMatchObject({ field: "value2", code: "SYSTOLIC_NOT_ABOVE_DIASTOLIC" });
    expect(problem({ kind: "BLOOD_PRESSURE", value: 90, value2: 90, unit: "mmHg" }).code).toBe("SYSTOLIC_NOT_ABOVE_DIASTOLIC");
    expect(problem({ kind: "HEART_RATE", value: 70, value2: 60, unit: "/min" })).toMatchObject({ field: "value2", code: "VALUE2_NOT_ALLOWED" });
    expect(ok({ kind: "HEART_RATE", value: 70, value2: null, unit: "/min" }).value2).toBeNull();
  });

  it("every problem has a message in the catalogue", () => {
    const problems = [
      problem({ kind: "GLUCOSE", value: 5, unit: "x" }),
      problem({ kind: "GLUCOSE", value: 500, unit: "mmol/L" }),
      problem({ kind: "BLOOD_PRESSURE", value: 120, unit: "mmHg" }),
      problem({ kind: "SPO2", value: 99, value2: 1, unit: "%" }),
      problem({ kind: "BLOOD_PRESSURE", value: 80, value2: 100, unit: "mmHg" }),
    ];
    for (const p of problems) expect(isMessageKey(p.messageKey), p.messageKey).toBe(true);
  });
});

describe("flagOf: reference ranges", () => {
  const bp = (value: number, value2: number) => ({ kind: "BLOOD_PRESSURE" as const, value, value2 });
  const one = (kind: "HEART_RATE" | "GLUCOSE" | "SPO2" | "BODY_TEMPERATURE" | "BODY_WEIGHT", value: number) => ({ kind, value, value2: null });

  it("blood pressure: 140/90 at an institution, 135/85 at home (Chinese hypertension guideline), grade 3 from 180/110 is critical", () => {
    expect(flagOf(bp(138, 86), "INSTITUTION")).toBeNull();
    expect(flagOf(bp(138, 86), "DEVICE")).toBe("HIGH");
    expect(flagOf(bp(134, 84), "DEVICE")).toBeNull();
    expect(flagOf(bp(140, 70), "INSTITUTION")).toBe("HIGH");
    expect(flagOf(bp(130, 90), "INSTITUTION")).toBe("HIGH");
    expect(flagOf(bp(180, 95), "DEVICE")).toBe("CRITICAL_HIGH");
    expect(flagOf(bp(150, 110), "DEVICE")).toBe("CRITICAL_HIGH");
    expect(flagOf(bp(179, 109), "INSTITUTION")).toBe("HIGH");
    expect(flagOf(bp(88, 58), "DEVICE")).toBe("LOW");
    expect(flagOf(bp(100, 55), "DEVICE")).toBe("LOW");
    expect(flagOf(bp(75, 50), "DEVICE")).toBe("CRITICAL_LOW");
    // The worse of the two values: a critical systolic beats a low diastolic.
    expect(flagOf(bp(185, 55), "DEVICE")).toBe("CRITICAL_HIGH");
  });

  it("glucose: hypoglycaemia below 3.9, critical below 3.0; high from 11.1, critical from 16.7", () => {
    expect(flagOf(one("GLUCOSE", 5.6), "DEVICE")).toBeNull();
    expect(flagOf(one("GLUCOSE", 3.9), "DEVICE")).toBeNull();
    expect(flagOf(one("GLUCOSE", 3.8), "DEVICE")).toBe("LOW");
    expect(flagOf(one("GLUCOSE", 2.9), "DEVICE")).toBe("CRITICAL_LOW");
    expect(flagOf(one("GLUCOSE", 11.0), "DEVICE")).toBeNull();
    expect(flagOf(one("GLUCOSE", 11.1), "DEVICE")).toBe("HIGH");
    expect(flagOf(one("GLUCOSE", 16.7), "DEVICE")).toBe("CRITICAL_HIGH");
  });

  it("heart rate 60–100, critical below 40 and from 150; SpO2 low below 95, critical below 90; temperature fever from 37.3", () => {
    expect(flagOf(one("HEART_RATE", 60), "DEVICE")).toBeNull();
    expect(flagOf(one("HEART_RATE", 100), "DEVICE")).toBeNull();
    expect(flagOf(one("HEART_RATE", 101), "DEVICE")).toBe("HIGH");
    expect(flagOf(one("HEART_RATE", 59), "DEVICE")).toBe("LOW");
    expect(flagOf(one("HEART_RATE", 38), "DEVICE")).toBe("CRITICAL_LOW");
    expect(flagOf(one("HEART_RATE", 150), "DEVICE")).toBe("CRITICAL_HIGH");
    expect(flagOf(one("SPO2", 95), "DEVICE")).toBeNull();
    expect(flagOf(one("SPO2", 94), "DEVICE")).toBe("LOW");
    expect(flagOf(one("SPO2", 89), "DEVICE")).toBe("CRITICAL_LOW");
    expect(flagOf(one("BODY_TEMPERATURE", 37.2), "INSTITUTION")).toBeNull();
    expect(flagOf(one("BODY_TEMPERATURE", 37.3), "INSTITUTION")).toBe("HIGH");
    expect(flagOf(one("BODY_TEMPERATURE", 41.2), "INSTITUTION")).toBe("CRITICAL_HIGH");
    expect(flagOf(one("BODY_TEMPERATURE", 35.5), "INSTITUTION")).toBe("LOW");
    expect(flagOf(one("BODY_TEMPERATURE", 34.5), "INSTITUTION")).toBe("CRITICAL_LOW");
  });

  it("weight is never flagged", () => {
    expect(flagOf(one("BODY_WEIGHT", 0.5), "INSTITUTION")).toBeNull();
    expect(flagOf(one("BODY_WEIGHT", 300), "DEVICE")).toBeNull();
  });

  it("worseFlag: critical over flagged, the first on a tie", () => {
    expect(worseFlag(null, "LOW")).toBe("LOW");
    expect(worseFlag("HIGH", "LOW")).toBe("HIGH");
    expect(worseFlag("LOW", "CRITICAL_HIGH")).toBe("CRITICAL_HIGH");
    expect(worseFlag("CRITICAL_LOW", "CRITICAL_HIGH")).toBe("CRITICAL_LOW");
  });

  it("the chart's band is where readings are not flagged", () => {
    for (const kind of VITAL_KINDS) {
      for (const source of ["DEVICE", "INSTITUTION"] as const) {
        const band = referenceBand(kind, source);
        if (band.low !== null && band.high !== null) {
          const inside = (band.low + band.high) / 2;
          const value2 = band.low2 !== null && band.high2 !== null ? (band.low2 + band.high2) / 2 : null;
          expect(flagOf({ kind, value: inside, value2 }, source), `${kind} ${source}`).toBeNull();
          expect(flagOf({ kind, value: band.high, value2 }, source), `${kind} ${source} at high`).not.toBeNull();
          expect(flagOf({ kind, value: band.low - 0.01, value2 }, source), `${kind} ${source} below low`).not.toBeNull();
        }
      }
    }
  });
});

describe("what each device measures", () => {
  it("a blood-pressure monitor gives pressure and pulse, a glucometer glucose, a band pulse and SpO2", () => {
    expect(deviceMeasures("BLOOD_PRESSURE_MONITOR", "BLOOD_PRESSURE")).toBe(true);
    expect(deviceMeasures("BLOOD_PRESSURE_MONITOR", "HEART_RATE")).toBe(true);
    expect(deviceMeasures("BLOOD_PRESSURE_MONITOR", "GLUCOSE")).toBe(false);
    expect(deviceMeasures("GLUCOMETER", "GLUCOSE")).toBe(true);
    expect(deviceMeasures("GLUCOMETER", "HEART_RATE")).toBe(false);
    expect(deviceMeasures("HEART_RATE_BAND", "SPO2")).toBe(true);
    expect(deviceMeasures("HEART_RATE_BAND", "BLOOD_PRESSURE")).toBe(false);
  });
});

/**
 * Vital signs: the one table of kinds, units, physiologically possible values and reference
 * ranges, and the flag function. Home devices (server/record/devicesIngest.ts) and institutions'
 * FHIR Observations (server/record/fhir) store their readings in `vital_reading` through it, so a
 * reading means the same whatever sent it.
 *
 * Each reading is checked (`checkVital`): the unit must be one the kind is measured in (some are
 * converted to the kind's own unit: kPa → mmHg, mg/dL → mmol/L, °F → °C, g and lb → kg), the
 * value must be one a living person can have (a monitor's glitch or a typed 1200 is refused, not
 * flagged), and a blood pressure needs both values, systolic above diastolic. Then `flagOf` says
 * whether it is outside the reference range: LOW / HIGH, or CRITICAL_LOW / CRITICAL_HIGH at the
 * thresholds where the care team should act the same day.
 *
 * Where the ranges come from (adults; see docs/vitals.md for the discussion):
 *  - Blood pressure: 中国高血压防治指南（2018年修订版）/ Chinese Guidelines for the Prevention and
 *    Treatment of Hypertension (2018 revision; the 2024 revision keeps the thresholds). Office
 *    hypertension ≥ 140/90 mmHg; home blood-pressure monitoring ≥ 135/85 mmHg (so a home device's
 *    reading is flagged from 135/85, an institution's from 140/90); grade 3 ≥ 180/110 mmHg, which
 *    is the critical threshold here. Low: systolic < 90 or diastolic < 60 (hypotension);
 *    critical below systolic 80.
 *  - Glucose: 中国2型糖尿病防治指南（2020年版）/ Chinese Guideline for Type 2 Diabetes (2020).
 *    Fasting normal 3.9–6.1 mmol/L (FASTING_GLUCOSE_NORMAL, for reference); a reading carries no
 *    meal context, so flags use thresholds that hold at any time: hypoglycaemia level 1 < 3.9,
 *    level 2 < 3.0 (critical); high ≥ 11.1 (the random-glucose diabetes threshold); critical
 *    ≥ 16.7 (the guideline's threshold for checking ketones: suspected ketoacidosis).
 *  - Heart rate (resting): bradycardia < 60/min, tachycardia > 100/min; critical < 40 or ≥ 150.
 *  - SpO2: WHO Pulse Oximetry Training Manual (2011): normal 95–100 %, ≤ 94 % needs assessment,
 *    < 90 % is an emergency.
 *  - Body temperature: 诊断学（人民卫生出版社，第9版）: fever from 37.3 °C; hyperpyrexia ≥ 41 °C;
 *    below 36.0 low, below 35.0 hypothermia.
 *  - Body weight: no reference range (it depends on height); values are checked, never flagged.
 * The critical thresholds follow what hospitals' critical-value (危急值) lists commonly use;
 * an institution's clinical lead should confirm them before relying on the alerts.
 */
import type { HomeDeviceKind, VitalFlag, VitalKind, VitalSource } from "@/server/db/generated/enums";
import type { MessageKey } from "@/lib/i18n/messages";

export type { HomeDeviceKind, VitalFlag, VitalKind, VitalSource };

export const VITAL_KINDS: readonly VitalKind[] = ["BLOOD_PRESSURE", "HEART_RATE", "GLUCOSE", "SPO2", "BODY_TEMPERATURE", "BODY_WEIGHT"];
export const HOME_DEVICE_KINDS: readonly HomeDeviceKind[] = ["BLOOD_PRESSURE_MONITOR", "GLUCOMETER", "HEART_RATE_BAND"];

/** What each kind of home device measures: a reading of another kind from it is refused. */
export const DEVICE_MEASURES: Readonly<Record<HomeDeviceKind, readonly VitalKind[]>> = {
  // Upper-arm and wrist monitors report the pulse with every measurement.
  BLOOD_PRESSURE_MONITOR: ["BLOOD_PRESSURE", "HEART_RATE"],
  GLUCOMETER: ["GLUCOSE"],
  // Wrist bands with an optical sensor: pulse and oxygen saturation.
  HEART_RATE_BAND: ["HEART_RATE", "SPO2"],
};

export function deviceMeasures(device: HomeDeviceKind, kind: VitalKind): boolean {
  return DEVICE_MEASURES[device].includes(kind);
}

/** A unit a reading may be sent in, and how to turn it into the kind's own unit. */
interface UnitSpec {
  /** The spellings accepted (compared without case and surrounding spaces): UCUM codes and what devices print. */
  spellings: readonly string[];
  toCanonical: (value: number) => number;
}

/** Thresholds of one value: LOW below `low`, CRITICAL_LOW below `criticalLow`, HIGH from `high`, CRITICAL_HIGH from `criticalHigh`. */
export interface Thresholds {
  criticalLow?: number;
  low?: number;
  high?: number;
  criticalHigh?: number;
}

/** The range a living person's value can be in: outside it the reading is an error, refused. */
export interface Plausible {
  min: number;
  max: number;
}

export interface VitalKindSpec {
  /** The unit stored and shown. */
  unit: string;
  /** The UCUM code of the unit, for FHIR. */
  ucum: string;
  /** LOINC code of the observation, for FHIR. */
  loinc: string;
  /** Blood pressure: the LOINC codes of its systolic (value) and diastolic (value2) components. */
  loincComponents?: { value: string; value2: string };
  units: readonly UnitSpec[];
  /** Decimal places kept after conversion. */
  decimals: number;
  plausible: Plausible;
  /** Blood pressure only: the diastolic value. */
  plausible2?: Plausible;
  /** Reference thresholds by source (a home device's blood pressure has its own). */
  thresholds: (source: VitalSource) => Thresholds;
  thresholds2?: (source: VitalSource) => Thresholds;
}

const same = (value: number) => value;

export const VITAL_TABLE: Readonly<Record<VitalKind, VitalKindSpec>> = {
  BLOOD_PRESSURE: {
    unit: "mmHg",
    ucum: "mm[Hg]",
    loinc: "85354-9",
    loincComponents: { value: "8480-6", value2: "8462-4" },
    units: [
      { spellings: ["mmHg", "mm[Hg]", "mm Hg"], toCanonical: same },
      { spellings: ["kPa"], toCanonical: (kPa) => kPa * 7.50062 },
    ],
    decimals: 0,
    plausible: { min: 40, max: 300 },
    plausible2: { min: 20, max: 200 },
    thresholds: (source) => ({ criticalLow: 80, low: 90, high: source === "DEVICE" ? 135 : 140, criticalHigh: 180 }),
    thresholds2: (source) => ({ low: 60, high: source === "DEVICE" ? 85 : 90, criticalHigh: 110 }),
  },
  HEART_RATE: {
    unit: "/min",
    ucum: "/min",
    loinc: "8867-4",
    units: [{ spellings: ["/min", "bpm", "beats/min", "{beats}/min", "次/分", "次/分钟"], toCanonical: same }],
    decimals: 0,
    plausible: { min: 20, max: 300 },
    // > 100/min is tachycardia: integers from 101.
    thresholds: () => ({ criticalLow: 40, low: 60, high: 101, criticalHigh: 150 }),
  },
  GLUCOSE: {
    unit: "mmol/L",
    ucum: "mmol/L",
    loinc: "15074-8",
    units: [
      { spellings: ["mmol/L", "mmol/l"], toCanonical: same },
      // Glucose 180.16 g/mol: 1 mmol/L = 18.016 mg/dL.
      { spellings: ["mg/dL", "mg/dl"], toCanonical: (mgdl) => mgdl / 18.016 },
    ],
    decimals: 1,
    plausible: { min: 0.5, max: 60 },
    thresholds: () => ({ criticalLow: 3.0, low: 3.9, high: 11.1, criticalHigh: 16.7 }),
  },
  SPO2: {
    unit: "%",
    ucum: "%",
    loinc: "59408-5",
    units: [{ spellings: ["%"], toCanonical: same }],
    decimals: 0,
    plausible: { min: 50, max: 100 },
    thresholds: () => ({ criticalLow: 90, low: 95 }),
  },
  BODY_TEMPERATURE: {
    unit: "°C",
    ucum: "Cel",
    loinc: "8310-5",
    units: [
      { spellings: ["°C", "Cel", "C", "℃"], toCanonical: same },
      { spellings: ["°F", "[degF]", "F", "℉"], toCanonical: (f) => ((f - 32) * 5) / 9 },
    ],
    decimals: 1,
    plausible: { min: 30, max: 45 },
    thresholds: () => ({ criticalLow: 35.0, low: 36.0, high: 37.3, criticalHigh: 41.0 }),
  },
  BODY_WEIGHT: {
    unit: "kg",
    ucum: "kg",
    loinc: "29463-7",
    units: [
      { spellings: ["kg"], toCanonical: same },
      { spellings: ["g"], toCanonical: (g) => g / 1000 },
      { spellings: ["lb", "[lb_av]", "lbs"], toCanonical: (lb) => lb * 0.45359237 },
    ],
    decimals: 2,
    plausible: { min: 0.3, max: 500 },
    thresholds: () => ({}),
  },
};

/** The fasting plasma glucose a person without diabetes has (mmol/L), for reference beside the any-time thresholds. */
export const FASTING_GLUCOSE_NORMAL = { low: 3.9, high: 6.1 } as const;

/** A reading as sent: the kind, the value (systolic for blood pressure), diastolic, the unit as written. */
export interface VitalInput {
  kind: VitalKind;
  value: number;
  value2?: number | null;
  unit: string;
}

/** A checked reading in the kind's own unit, rounded to its precision. */
export interface VitalValue {
  kind: VitalKind;
  value: number;
  value2: number | null;
  unit: string;
}

/** Why a reading cannot be stored: the field and a message key with its parameters. */
export interface VitalProblem {
  field: "unit" | "value" | "value2";
  code: "UNIT_NOT_ACCEPTED" | "OUT_OF_RANGE" | "VALUE2_REQUIRED" | "VALUE2_NOT_ALLOWED" | "SYSTOLIC_NOT_ABOVE_DIASTOLIC";
  messageKey: MessageKey;
  params: Record<string, string | number>;
}

const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

function unitOf(spec: VitalKindSpec, unit: string): UnitSpec | undefined {
  const wanted = unit.trim().toLowerCase();
  return spec.units.find((u) => u.spellings.some((s) => s.toLowerCase() === wanted));
}

/** The units a kind accepts, for messages: "mmHg, kPa". */
export function acceptedUnits(kind: VitalKind): string {
  return VITAL_TABLE[kind].units.map((u) => u.spellings[0]).join(", ");
}

function outOfRange(field: "value" | "value2", value: number, range: Plausible, unit: string): VitalProblem {
  return { field, code: "OUT_OF_RANGE", messageKey: "vitals.problem.range", params: { value, min: range.min, max: range.max, unit } };
}

/** The reading in its kind's own unit, or why it cannot be a reading of a living person. */
export function checkVital(input: VitalInput): VitalValue | VitalProblem {
  const spec = VITAL_TABLE[input.kind];
  const unit = unitOf(spec, input.unit);
  if (!unit) return { field: "unit", code: "UNIT_NOT_ACCEPTED", messageKey: "vitals.problem.unit", params: { unit: input.unit, units: acceptedUnits(input.kind) } };
  const hasValue2 = input.value2 !== undefined && input.value2 !== null;
  if (spec.plausible2 && !hasValue2) return { field: "value2", code: "VALUE2_REQUIRED", messageKey: "vitals.problem.value2Required", params: {} };
  if (!spec.plausible2 && hasValue2) return { field: "value2", code: "VALUE2_NOT_ALLOWED", messageKey: "vitals.problem.value2NotAllowed", params: {} };
  const value = round(unit.toCanonical(input.value), spec.decimals);
  if (!Number.isFinite(value) || value < spec.plausible.min || value > spec.plausible.max) return outOfRange("value", value, spec.plausible, spec.unit);
  let value2: number | null = null;
  if (spec.plausible2) {
    value2 = round(unit.toCanonical(input.value2 as number), spec.decimals);
    if (!Number.isFinite(value2) || value2 < spec.plausible2.min || value2 > spec.plausible2.max) return outOfRange("value2", value2, spec.plausible2, spec.unit);
    if (value <= value2) return { field: "value2", code: "SYSTOLIC_NOT_ABOVE_DIASTOLIC", messageKey: "vitals.problem.systolicNotAbove", params: { value, value2 } };
  }
  return { kind: input.kind, value, value2, unit: spec.unit };
}

export function isVitalProblem(result: VitalValue | VitalProblem): result is VitalProblem {
  return "code" in result;
}

function flagAgainst(value: number, t: Thresholds): VitalFlag | null {
  if (t.criticalLow !== undefined && value < t.criticalLow) return "CRITICAL_LOW";
  if (t.criticalHigh !== undefined && value >= t.criticalHigh) return "CRITICAL_HIGH";
  if (t.low !== undefined && value < t.low) return "LOW";
  if (t.high !== undefined && value >= t.high) return "HIGH";
  return null;
}

const SEVERITY: Record<VitalFlag, number> = { LOW: 1, HIGH: 1, CRITICAL_LOW: 2, CRITICAL_HIGH: 2 };

export function isCritical(flag: VitalFlag | null): boolean {
  return flag !== null && SEVERITY[flag] === 2;
}

/** The more severe of two flags (the first on a tie): a blood pressure's is its worse value's. */
export function worseFlag(a: VitalFlag | null, b: VitalFlag | null): VitalFlag | null {
  if (a === null) return b;
  if (b === null) return a;
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** Outside the reference range? A checked reading (checkVital) from a home device or an institution. */
export function flagOf(reading: Pick<VitalValue, "kind" | "value" | "value2">, source: VitalSource): VitalFlag | null {
  const spec = VITAL_TABLE[reading.kind];
  const first = flagAgainst(reading.value, spec.thresholds(source));
  if (!spec.thresholds2 || reading.value2 === null) return first;
  return worseFlag(first, flagAgainst(reading.value2, spec.thresholds2(source)));
}

/** The band a chart shades: from `low` up to (not including) `high`, per value; missing ends are open. */
export interface ReferenceBand {
  low: number | null;
  high: number | null;
  low2: number | null;
  high2: number | null;
}

export function referenceBand(kind: VitalKind, source: VitalSource): ReferenceBand {
  const spec = VITAL_TABLE[kind];
  const t = spec.thresholds(source);
  const t2 = spec.thresholds2?.(source);
  return { low: t.low ?? null, high: t.high ?? null, low2: t2?.low ?? null, high2: t2?.high ?? null };
}

/**
 * Vital-sign Observations (LOINC) to and from `vital_reading`. Which codes are vital signs, how a
 * blood-pressure panel carries its two values, and the Observation we answer for a reading are
 * FHIR's; units, possible values and flags are the one table of server/record/vitals.ts, so a
 * reading from an institution means what the same reading from a home device means.
 *
 * Codes: 85354-9 blood-pressure panel with components 8480-6 (systolic) and 8462-4 (diastolic),
 * 8867-4 heart rate, 2339-0 (mass/volume) and 15074-8 (moles/volume) blood glucose, 59408-5 SpO2,
 * 8310-5 body temperature, 29463-7 body weight.
 */
import type { VitalFlag, VitalKind, VitalSource } from "@/server/db/generated/enums";
import { translate } from "@/lib/i18n";
import { checkVital, flagOf, isVitalProblem, VITAL_TABLE } from "@/server/record/vitals";
import { fhirDate, type FhirResource } from "./inbound";
import { SYSTEM } from "./systems";
import type { FhirIssue } from "./validator";

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj | undefined => (value && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : undefined);
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** LOINC code → kind: each kind's own code, and 2339-0 (glucose in mg/dL) beside 15074-8. */
export const VITAL_LOINC: Readonly<Record<string, VitalKind>> = {
  ...Object.fromEntries((Object.keys(VITAL_TABLE) as VitalKind[]).map((kind) => [VITAL_TABLE[kind].loinc, kind])),
  "2339-0": "GLUCOSE",
};

function loincCodes(concept: unknown): string[] {
  return arr(obj(concept)?.coding)
    .map(obj)
    .filter((c): c is Obj => c !== undefined && c.system === SYSTEM.loinc && typeof c.code === "string")
    .map((c) => c.code as string);
}

/** The vital kind of an Observation by its LOINC code, or null when it is not a vital sign. */
export function vitalKindOf(observation: FhirResource): VitalKind | null {
  if (observation.resourceType !== "Observation") return null;
  for (const code of loincCodes(observation.code)) {
    const kind = VITAL_LOINC[code];
    if (kind) return kind;
  }
  return null;
}

/** Observations that were withdrawn at the source: their reading is removed, none is stored. */
export function isWithdrawn(observation: FhirResource): boolean {
  return observation.status === "cancelled" || observation.status === "entered-in-error";
}

export interface VitalFromObservation {
  kind: VitalKind;
  value: number;
  value2: number | null;
  unit: string;
  measuredAt: Date;
  flag: VitalFlag | null;
}

function quantityOf(holder: Obj | undefined): { value: number; unit: string } | null {
  const q = obj(holder?.valueQuantity);
  if (!q || typeof q.value !== "number") return null;
  const unit = typeof q.code === "string" && q.system === SYSTEM.ucum ? q.code : typeof q.unit === "string" ? q.unit : typeof q.code === "string" ? q.code : "";
  return { value: q.value, unit };
}

function componentQuantity(observation: FhirResource, loinc: string): { value: number; unit: string } | null {
  const component = arr(observation.component).map(obj).find((c) => loincCodes(c?.code).includes(loinc));
  return quantityOf(component);
}

/**
 * The reading of a vital-sign Observation, or the issues (each naming its element under `at`,
 * e.g. `Bundle.entry[3].resource.valueQuantity`) why it cannot be one.
 */
export function vitalOfObservation(observation: FhirResource, kind: VitalKind, at: string, source: VitalSource = "INSTITUTION"): VitalFromObservation | FhirIssue[] {
  const measuredAt = fhirDate(observation.effectiveDateTime) ?? fhirDate(observation.effectiveInstant) ?? fhirDate(obj(observation.effectivePeriod)?.start);
  const issues: FhirIssue[] = [];
  if (!measuredAt) issues.push({ severity: "error", code: "required", expression: `${at}.effective[x]`, diagnostics: `${at}.effective[x]: a vital sign needs the time it was measured` });
  const components = VITAL_TABLE[kind].loincComponents;
  let input: { value: number; value2: number | null; unit: string } | null = null;
  let where = `${at}.valueQuantity`;
  if (components) {
    const systolic = componentQuantity(observation, components.value);
    const diastolic = componentQuantity(observation, components.value2);
    where = `${at}.component`;
    if (!systolic || !diastolic) issues.push({ severity: "error", code: "required", expression: where, diagnostics: `${where}: a blood-pressure panel needs components ${components.value} and ${components.value2} with valueQuantity` });
    else if (systolic.unit !== diastolic.unit) issues.push({ severity: "error", code: "value", expression: where, diagnostics: `${where}: both components must be in the same unit` });
    else input = { value: systolic.value, value2: diastolic.value, unit: systolic.unit };
  } else {
    const quantity = quantityOf(observation);
    if (!quantity) issues.push({ severity: "error", code: "required", expression: where, diagnostics: `${where}: a vital sign needs a valueQuantity` });
    else input = { ...quantity, value2: null };
  }
  if (issues.length > 0 || !input || !measuredAt) return issues;
  const checked = checkVital({ kind, ...input });
  if (isVitalProblem(checked)) {
    const expression = checked.field === "unit" ? `${where}${components ? "" : ".unit"}` : where;
    return [{ severity: "error", code: "value", expression, diagnostics: translate("en", checked.messageKey, { ...checked.params, where: expression }) }];
  }
  return { kind, value: checked.value, value2: checked.value2, unit: checked.unit, measuredAt, flag: flagOf(checked, source) };
}

const INTERPRETATION: Record<VitalFlag, { code: string; display: string }> = {
  LOW: { code: "L", display: "Low" },
  HIGH: { code: "H", display: "High" },
  CRITICAL_LOW: { code: "LL", display: "Critical low" },
  CRITICAL_HIGH: { code: "HH", display: "Critical high" },
};

export interface VitalReadingRow {
  id: string;
  residentId: string;
  kind: VitalKind;
  value: number;
  value2: number | null;
  measuredAt: Date;
  receivedAt: Date;
  source: VitalSource;
  flag: VitalFlag | null;
  device?: { label: string } | null;
  sourceInstitution?: { code: string; name: string } | null;
}

const KIND_DISPLAY: Record<VitalKind, string> = {
  BLOOD_PRESSURE: "Blood pressure panel",
  HEART_RATE: "Heart rate",
  GLUCOSE: "Glucose",
  SPO2: "Oxygen saturation",
  BODY_TEMPERATURE: "Body temperature",
  BODY_WEIGHT: "Body weight",
};

/** What every Observation of a kind says the same way, serialised once: category, code, the quantity's unit. */
const KIND_JSON = new Map<VitalKind, { code: string; quantityTail: string }>();
function kindJson(kind: VitalKind) {
  let json = KIND_JSON.get(kind);
  if (!json) {
    const spec = VITAL_TABLE[kind];
    const category = [{ coding: [{ system: SYSTEM.observationCategory, code: "vital-signs", display: "Vital Signs" }] }];
    const code = { coding: [{ system: SYSTEM.loinc, code: spec.loinc, display: KIND_DISPLAY[kind] }], text: KIND_DISPLAY[kind] };
    json = { code: `"category":${JSON.stringify(category)},"code":${JSON.stringify(code)}`, quantityTail: `,"unit":${JSON.stringify(spec.unit)},"system":"${SYSTEM.ucum}","code":${JSON.stringify(spec.ucum)}}` };
    KIND_JSON.set(kind, json);
  }
  return json;
}

const COMPONENT_DISPLAY = { value: "Systolic blood pressure", value2: "Diastolic blood pressure" } as const;

/**
 * The Observation the FHIR API answers for a stored reading (a home device's or an
 * institution's), as JSON text: $everything answers ten thousand of them, built without an
 * object each (vitalToObservation is the same, parsed).
 */
function componentJson(code: string, display: string, value: number, quantityTail: string): string {
  return `{"code":{"coding":[{"system":"${SYSTEM.loinc}","code":"${code}","display":"${display}"}]},"valueQuantity":{"value":${value}${quantityTail}}`;
}

export function vitalObservationJson(row: VitalReadingRow): string {
  const spec = VITAL_TABLE[row.kind];
  const kind = kindJson(row.kind);
  const parts = [`{"resourceType":"Observation","id":${JSON.stringify(row.id)},"meta":{"lastUpdated":"${row.receivedAt.toISOString()}"},"status":"final",${kind.code}`];
  parts.push(`"subject":{"reference":"Patient/${row.residentId}"}`, `"effectiveDateTime":"${row.measuredAt.toISOString()}"`);
  if (spec.loincComponents && row.value2 !== null) {
    const { value: systolic, value2: diastolic } = spec.loincComponents;
    parts.push(`"component":[${componentJson(systolic, COMPONENT_DISPLAY.value, row.value, kind.quantityTail)},${componentJson(diastolic, COMPONENT_DISPLAY.value2, row.value2, kind.quantityTail)}]`);
  } else {
    parts.push(`"valueQuantity":{"value":${row.value}${kind.quantityTail}`);
  }
  if (row.flag) parts.push(`"interpretation":[{"coding":[{"system":"${SYSTEM.interpretation}","code":"${INTERPRETATION[row.flag].code}","display":"${INTERPRETATION[row.flag].display}"}]}]`);
  if (row.source === "DEVICE" && row.device) parts.push(`"device":{"display":${JSON.stringify(row.device.label)}}`);
  if (row.source === "INSTITUTION" && row.sourceInstitution) parts.push(`"performer":[{"display":${JSON.stringify(row.sourceInstitution.name)}}]`);
  return `${parts.join(",")}}`;
}

/** The Observation of a stored reading, as a resource. */
export function vitalToObservation(row: VitalReadingRow): FhirResource {
  return JSON.parse(vitalObservationJson(row)) as FhirResource;
}

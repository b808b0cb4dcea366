/**
 * What an institution's resource becomes in the shared record: its category, the list columns of
 * `record_entry` (title, status, when, author), who it is about, and the references inside it. Pure
 * functions over the parsed resource; server/record/ingest.ts runs them over a Bundle.
 */
import type { RecordCategory } from "@/server/db/generated/enums";

export type FhirResource = Record<string, unknown> & { resourceType: string; id?: string };

/** The resource types an institution may push into the record (Patient entries only name residents). */
export const INGESTED_TYPES = ["Encounter", "Condition", "AllergyIntolerance", "MedicationStatement", "Observation", "DiagnosticReport", "DocumentReference"] as const;
export type IngestedType = (typeof INGESTED_TYPES)[number];

export function isIngestedType(type: string): type is IngestedType {
  return (INGESTED_TYPES as readonly string[]).includes(type);
}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj | undefined => (value && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : undefined);
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/** The element naming the resident: `patient` for AllergyIntolerance, `subject` for the others. */
export function subjectElement(type: IngestedType): "patient" | "subject" {
  return type === "AllergyIntolerance" ? "patient" : "subject";
}

const IMAGE_TYPES = /^(image\/|application\/dicom$)/i;

/** The attachments of a DocumentReference (content[].attachment). */
export function attachmentsOf(resource: FhirResource): Obj[] {
  return arr(resource.content).map((c) => obj(obj(c)?.attachment)).filter((a): a is Obj => a !== undefined);
}

/** The category a consent may scope: by resource type; a DocumentReference of images is IMAGE, of anything else DOCUMENT. */
export function categoryOf(resource: FhirResource): RecordCategory {
  switch (resource.resourceType as IngestedType) {
    case "AllergyIntolerance":
    case "Condition":
    case "MedicationStatement":
      return "SUMMARY";
    case "Encounter":
      return "ENCOUNTER";
    case "DocumentReference": {
      const types = attachmentsOf(resource).map((a) => str(a.contentType) ?? "");
      return types.length > 0 && types.every((t) => IMAGE_TYPES.test(t)) ? "IMAGE" : "DOCUMENT";
    }
    default:
      return "REPORT";
  }
}

/** A CodeableConcept's words: its text, else its first coding's display, else its first code. */
export function conceptText(concept: unknown): string | undefined {
  const c = obj(concept);
  if (!c) return undefined;
  if (str(c.text)) return str(c.text);
  for (const coding of arr(c.coding)) {
    const display = str(obj(coding)?.display);
    if (display) return display;
  }
  return str(obj(arr(c.coding)[0])?.code);
}

const clip = (text: string | undefined, max: number) => (text === undefined ? undefined : [...text.trim()].slice(0, max).join(""));

/** What the entry is called in lists. */
export function titleOf(resource: FhirResource): string {
  let title: string | undefined;
  switch (resource.resourceType as IngestedType) {
    case "MedicationStatement":
      title = conceptText(resource.medicationCodeableConcept) ?? str(obj(resource.medicationReference)?.display);
      break;
    case "Encounter":
      title = conceptText(arr(resource.type)[0]) ?? conceptText(arr(resource.reasonCode)[0]) ?? str(obj(resource.class)?.display) ?? str(obj(resource.class)?.code);
      break;
    case "DocumentReference":
      title = str(resource.description) ?? conceptText(resource.type) ?? str(attachmentsOf(resource)[0]?.title);
      break;
    default:
      title = conceptText(resource.code);
  }
  return clip(title, 500) ?? resource.resourceType;
}

/** The status as sent: `status`, else the clinical status's code. */
export function statusOf(resource: FhirResource): string | null {
  const status = str(resource.status) ?? str(obj(arr(obj(resource.clinicalStatus)?.coding)[0])?.code);
  return clip(status, 40) ?? null;
}

/** A FHIR date, dateTime or instant as a point in time (a partial date is its first moment, in UTC). */
export function fhirDate(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(T.*)?)?)?$/.exec(value);
  if (!m) return null;
  const iso = m[4] ? value : `${m[1]}-${m[2] ?? "01"}-${m[3] ?? "01"}T00:00:00Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

const periodStart = (period: unknown) => obj(period)?.start;

/** When it happened, for ordering and date search. */
export function effectiveOf(resource: FhirResource): Date | null {
  const r = resource;
  const candidates: unknown[] = (() => {
    switch (r.resourceType as IngestedType) {
      case "Observation":
        return [r.effectiveDateTime, r.effectiveInstant, periodStart(r.effectivePeriod), r.issued];
      case "Condition":
        return [r.onsetDateTime, periodStart(r.onsetPeriod), r.recordedDate];
      case "AllergyIntolerance":
        return [r.onsetDateTime, periodStart(r.onsetPeriod), r.recordedDate];
      case "MedicationStatement":
        return [r.effectiveDateTime, periodStart(r.effectivePeriod), r.dateAsserted];
      case "DiagnosticReport":
        return [r.effectiveDateTime, periodStart(r.effectivePeriod), r.issued];
      case "DocumentReference":
        return [r.date, periodStart(obj(r.context)?.period)];
      case "Encounter":
        return [periodStart(r.period)];
      default:
        return [];
    }
  })();
  for (const candidate of candidates) {
    const date = fhirDate(candidate);
    if (date) return date;
  }
  return null;
}

/** Who wrote it at the source: the display of its author, performer or recorder. */
export function authorOf(resource: FhirResource): string | null {
  const r = resource;
  const refs: unknown[] = [
    ...arr(r.performer),
    ...arr(r.author),
    r.recorder,
    r.asserter,
    r.informationSource,
    ...arr(r.resultsInterpreter),
    ...arr(r.participant).map((p) => obj(p)?.individual),
  ];
  for (const ref of refs) {
    const display = str(obj(ref)?.display);
    if (display) return clip(display, 200) ?? null;
  }
  return null;
}

/**
 * Every `reference` inside the resource (Reference.reference), with a setter: the ingest rewrites
 * references to resources of the same Bundle, or stored earlier, into ours.
 */
export function referencesIn(value: unknown): Obj[] {
  const found: Obj[] = [];
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (Array.isArray(item)) pending.push(...item);
    else if (item && typeof item === "object") {
      const o = item as Obj;
      if (typeof o.reference === "string") found.push(o);
      for (const [key, child] of Object.entries(o)) if (key !== "contained" && typeof child === "object") pending.push(child);
    }
  }
  return found;
}

/**
 * The platform's rows as FHIR R4 resources, each mapping once: a shared-record entry (the
 * resource its institution sent, with our ids), a resident as Patient (the health card as an
 * identifier, masked; document numbers masked), and the platform's own consultations as
 * ServiceRequest, their appointments as Appointment, the expert's opinion as CarePlan and the
 * follow-up advice as Communication. The FHIR API answers these; the record pages read the same
 * mapping (entryToFhir) rather than writing their own.
 */
import type { Actor } from "@/server/access/policy";
import type { ConsultationStatus, IdentifierKind, ReferralDecision, Sex, Urgency } from "@/server/db/generated/enums";
import { maskCardId } from "@/server/healthcard/cardId";
import { readMasked } from "@/server/healthcard/lookup";
import { maskDocumentNumber } from "@/server/healthcard/pii";
import type { HealthCardKeys } from "@/server/healthcard/keyStore";
import type { FhirResource } from "./inbound";
import { identityDocumentSystem, institutionSource, SYSTEM, SYSTEM_OF_LOCAL_KIND } from "./systems";

const iso = (date: Date) => date.toISOString();

// ---- shared-record entries

export interface EntryRow {
  id: string;
  resource: unknown;
  updatedAt: Date;
  sourceInstitution: { code: string };
}

/** An entry as its stored text gives it: the resource without resourceType, id and meta, as JSON text. */
export interface EntryText {
  id: string;
  resourceType: string;
  /** `{…}`: the stored resource's other elements. */
  rest: string;
  updatedAt: Date;
  institutionCode: string;
}

/**
 * A stored entry as FHIR JSON text: the resource as its institution sent it, with our id and
 * where it came from (meta.source), resourceType first. Bulk reads ($everything, searches) build
 * their answer from the database's text without parsing and re-serialising each resource.
 */
export function entryFhirJson(row: EntryText): string {
  // Ten thousand of these make one $everything: the constant parts are escaped once per institution.
  const head = `{"resourceType":${JSON.stringify(row.resourceType)},"id":${JSON.stringify(row.id)},"meta":{"lastUpdated":"${iso(row.updatedAt)}","source":${sourceJson(row.institutionCode)}}`;
  const rest = row.rest.trim();
  return rest === "{}" ? `${head}}` : `${head},${rest.slice(1)}`;
}

const sourceJsonCache = new Map<string, string>();
function sourceJson(institutionCode: string): string {
  let json = sourceJsonCache.get(institutionCode);
  if (json === undefined) {
    json = JSON.stringify(institutionSource(institutionCode));
    if (sourceJsonCache.size < 10_000) sourceJsonCache.set(institutionCode, json);
  }
  return json;
}

/** A stored entry as a FHIR resource (the same mapping as entryFhirJson). */
export function entryToFhir(row: EntryRow): FhirResource {
  const { resourceType, id: _sent, meta: _meta, ...rest } = row.resource as FhirResource;
  return JSON.parse(entryFhirJson({ id: row.id, resourceType, rest: JSON.stringify(rest), updatedAt: row.updatedAt, institutionCode: row.sourceInstitution.code })) as FhirResource;
}

// ---- residents

export interface PatientRow {
  id: string;
  name: string;
  sex: Sex;
  birthDate: Date | null;
  docType: string | null;
  docNumberEnc: string | null;
  docKeyVersion: number | null;
  mergedIntoId: string | null;
  updatedAt: Date;
  card: { cardId: string; status: string } | null;
  identifiers: { kind: IdentifierKind; issuer: string; value: string }[];
}

const GENDER: Record<Sex, string> = { MALE: "male", FEMALE: "female", UNKNOWN: "unknown" };

/**
 * A resident as Patient. The card ID and the document number are masked (meta.security MASKED):
 * the FHIR API hands out neither whole. Local identifiers: an institution's system sees its own;
 * people see all that the resident's staff page shows.
 */
export function patientToFhir(row: PatientRow, keys: HealthCardKeys, actor: Actor, institutionCodes: ReadonlyMap<string, string>, ownInstitutionCode: string | null): FhirResource {
  const identifier: Record<string, unknown>[] = [];
  if (row.card) identifier.push({ use: "official", system: SYSTEM.healthCard, value: maskCardId(row.card.cardId) });
  const document = readMasked(row.docNumberEnc, row.docKeyVersion, "resident.docNumber", keys, maskDocumentNumber);
  if (document && row.docType) identifier.push({ use: "official", type: { text: "identity document" }, system: identityDocumentSystem(row.docType), value: document });
  for (const local of row.identifiers) {
    const system = SYSTEM_OF_LOCAL_KIND[local.kind];
    if (!system) continue;
    if (actor.role === "INTEGRATION" && local.issuer !== ownInstitutionCode) continue;
    const name = institutionCodes.get(local.issuer);
    identifier.push({ use: "secondary", system, value: local.value, assigner: { identifier: { system: SYSTEM.institution, value: local.issuer }, ...(name ? { display: name } : {}) } });
  }
  return {
    resourceType: "Patient",
    id: row.id,
    meta: { lastUpdated: iso(row.updatedAt), security: [{ system: SYSTEM.securityLabel, code: "MASKED", display: "masked" }] },
    ...(identifier.length ? { identifier } : {}),
    active: row.mergedIntoId === null,
    name: [{ text: row.name }],
    gender: GENDER[row.sex],
    ...(row.birthDate ? { birthDate: row.birthDate.toISOString().slice(0, 10) } : {}),
    ...(row.mergedIntoId ? { link: [{ other: { reference: `Patient/${row.mergedIntoId}` }, type: "replaced-by" }] } : {}),
  };
}

// ---- the platform's consultations

export interface ConsultationRow {
  id: string;
  number: string;
  status: ConsultationStatus;
  type: string;
  urgency: Urgency;
  specialty: string;
  residentId: string;
  clinicalSummary: string;
  question: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  requester: { displayName: string };
  expert: { displayName: string } | null;
  requestingInstitution: { name: string };
}

const REQUEST_STATUS: Record<ConsultationStatus, string> = {
  DRAFT: "draft",
  SUBMITTED: "active",
  ASSIGNED: "active",
  SCHEDULED: "active",
  IN_SESSION: "active",
  OPINION_PENDING: "active",
  COMPLETED: "completed",
  CANCELLED: "revoked",
  WITHDRAWN: "revoked",
};
const PRIORITY: Record<Urgency, string> = { ROUTINE: "routine", URGENT: "urgent", EMERGENCY: "stat" };

/** When a consultation request was made, for ordering and date search. */
export const requestedAt = (row: { submittedAt: Date | null; createdAt: Date }) => row.submittedAt ?? row.createdAt;

export function consultationToServiceRequest(row: ConsultationRow): FhirResource {
  return {
    resourceType: "ServiceRequest",
    id: row.id,
    meta: { lastUpdated: iso(row.updatedAt) },
    identifier: [{ system: SYSTEM.consultation, value: row.number }],
    status: REQUEST_STATUS[row.status],
    intent: "order",
    category: [{ coding: [{ system: "urn:rmp:consultation-type", code: row.type }] }],
    priority: PRIORITY[row.urgency],
    code: { coding: [{ system: "urn:rmp:specialty", code: row.specialty }], text: row.specialty },
    subject: { reference: `Patient/${row.residentId}` },
    ...(row.scheduledStart && row.scheduledEnd ? { occurrencePeriod: { start: iso(row.scheduledStart), end: iso(row.scheduledEnd) } } : {}),
    authoredOn: iso(requestedAt(row)),
    requester: { display: `${row.requester.displayName} (${row.requestingInstitution.name})` },
    ...(row.expert ? { performer: [{ display: row.expert.displayName }] } : {}),
    ...(row.clinicalSummary.trim() ? { reasonCode: [{ text: row.clinicalSummary }] } : {}),
    ...(row.question.trim() ? { note: [{ text: row.question }] } : {}),
  };
}

export interface AppointmentRow {
  id: string;
  consultationId: string;
  startsAt: Date;
  endsAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  createdAt: Date;
  consultation: { residentId: string; status: ConsultationStatus; expert: { displayName: string } | null };
}

export function appointmentToFhir(row: AppointmentRow): FhirResource {
  const status = row.cancelledAt ? "cancelled" : row.consultation.status === "COMPLETED" ? "fulfilled" : "booked";
  return {
    resourceType: "Appointment",
    id: row.id,
    meta: { lastUpdated: iso(row.cancelledAt ?? row.createdAt) },
    status,
    ...(row.cancelReason ? { cancelationReason: { text: row.cancelReason } } : {}),
    basedOn: [{ reference: `ServiceRequest/${row.consultationId}` }],
    start: iso(row.startsAt),
    end: iso(row.endsAt),
    created: iso(row.createdAt),
    participant: [
      { actor: { reference: `Patient/${row.consultation.residentId}` }, status: "accepted" },
      ...(row.consultation.expert ? [{ actor: { display: row.consultation.expert.displayName }, status: "accepted" }] : []),
    ],
  };
}

export interface OpinionRow {
  id: string;
  consultationId: string;
  version: number;
  findings: string;
  impression: string;
  recommendations: string;
  referralDecision: ReferralDecision;
  signedAt: Date;
  signatureAlgorithm: string;
  author: { displayName: string };
  consultation: { residentId: string; status: ConsultationStatus };
}

function notes(texts: string[], at: Date): { note?: { text: string; time: string }[] } {
  const note = texts.filter((text) => text.trim() !== "").map((text) => ({ text, time: iso(at) }));
  return note.length ? { note } : {};
}

/** The expert's signed opinion (its latest version) as the care plan it sets out. */
export function opinionToCarePlan(row: OpinionRow): FhirResource {
  return {
    resourceType: "CarePlan",
    id: row.id,
    meta: { lastUpdated: iso(row.signedAt), versionId: String(row.version) },
    status: row.consultation.status === "COMPLETED" ? "completed" : "active",
    intent: "plan",
    category: [{ coding: [{ system: "urn:rmp:referral-decision", code: row.referralDecision }] }],
    title: "Consultation opinion",
    description: row.impression,
    subject: { reference: `Patient/${row.consultation.residentId}` },
    basedOn: [{ reference: `ServiceRequest/${row.consultationId}` }],
    created: iso(row.signedAt),
    author: { display: row.author.displayName },
    ...notes([row.findings, row.recommendations], row.signedAt),
  };
}

export interface AdviceRow {
  id: string;
  consultationId: string;
  residentId: string;
  body: string;
  publishedAt: Date;
  acknowledgedAt: Date | null;
  author: { displayName: string };
}

export function adviceToCommunication(row: AdviceRow): FhirResource {
  return {
    resourceType: "Communication",
    id: row.id,
    meta: { lastUpdated: iso(row.acknowledgedAt ?? row.publishedAt) },
    basedOn: [{ reference: `ServiceRequest/${row.consultationId}` }],
    status: "completed",
    category: [{ text: "follow-up advice" }],
    subject: { reference: `Patient/${row.residentId}` },
    sent: iso(row.publishedAt),
    ...(row.acknowledgedAt ? { received: iso(row.acknowledgedAt) } : {}),
    recipient: [{ reference: `Patient/${row.residentId}` }],
    sender: { display: row.author.displayName },
    payload: [{ contentString: row.body }],
  };
}

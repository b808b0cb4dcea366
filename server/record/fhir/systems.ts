/**
 * The identifier and code systems of the platform's FHIR API, each once (README "FHIR API").
 *
 * - `urn:rmp:health-card`: the e-health card ID (64 hex characters, server/healthcard/cardId.ts).
 *   An institution names a resident with it in a Bundle; the Patient we answer carries it masked.
 * - `urn:rmp:hospital-patient-no`, `urn:rmp:visit-card`: an institution's own local identifiers
 *   (住院号/门诊号, 就诊卡号) linked in the master index (resident_identifier, kinds
 *   HOSPITAL_PATIENT_NO and VISIT_CARD). In a Bundle the issuer is always the sending credential's
 *   institution: another institution's numbers do not resolve. In a Patient we answer, the issuer
 *   is the identifier's assigner (an Organization identifier in `urn:rmp:institution`).
 * - `urn:rmp:institution`: institution codes.
 * - `urn:rmp:consultation`: consultation numbers (HZ-20261125-0001).
 * - `urn:rmp:identity-document:<WS 364 CV02.01.101 code>`: identity documents, always masked.
 * - `urn:rmp:source-reference:<institution code>`: a reference the sender made to something the
 *   platform does not hold (a Practitioner, an Organization), kept as a logical reference.
 */
import type { IdentifierKind } from "@/server/db/generated/enums";

export const SYSTEM = {
  healthCard: "urn:rmp:health-card",
  hospitalPatientNo: "urn:rmp:hospital-patient-no",
  visitCard: "urn:rmp:visit-card",
  institution: "urn:rmp:institution",
  consultation: "urn:rmp:consultation",
  loinc: "http://loinc.org",
  ucum: "http://unitsofmeasure.org",
  observationCategory: "http://terminology.hl7.org/CodeSystem/observation-category",
  interpretation: "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
  securityLabel: "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
  identifierType: "http://terminology.hl7.org/CodeSystem/v2-0203",
} as const;

export const identityDocumentSystem = (docType: string) => `urn:rmp:identity-document:${docType}`;
export const sourceReferenceSystem = (institutionCode: string) => `urn:rmp:source-reference:${institutionCode}`;
export const institutionSource = (institutionCode: string) => `urn:rmp:institution:${institutionCode}`;

/** The local identifier kinds an institution may name a resident by, by system. */
export const LOCAL_IDENTIFIER_SYSTEMS: Readonly<Record<string, IdentifierKind>> = {
  [SYSTEM.hospitalPatientNo]: "HOSPITAL_PATIENT_NO",
  [SYSTEM.visitCard]: "VISIT_CARD",
};

export const SYSTEM_OF_LOCAL_KIND: Partial<Record<IdentifierKind, string>> = {
  HOSPITAL_PATIENT_NO: SYSTEM.hospitalPatientNo,
  VISIT_CARD: SYSTEM.visitCard,
};

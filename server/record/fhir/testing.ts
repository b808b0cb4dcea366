/**
 * Test data for the FHIR API: two hospitals with an integration credential each, a resident whose
 * card the first one issued and who has a hospital number there, and Bundle builders (the HTTP
 * entry serving /fhir/R4 is test/fhirEntry.ts).
 */
import { randomBytes } from "node:crypto";
import { makeUser, makeWorld, type World } from "@/server/consultation/testing";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { issueIntegrationCredential } from "@/server/record/integration";
import type { HttpEntry } from "@/test/httpEntry";
import { unique } from "@/test/db";
import { samplePdf } from "@/test/files";
import { validateFhirResource } from "./validator";

export interface FhirWorld extends World {
  institutionCode: string;
  admin: SessionUser;
  /** The county hospital's integration credential. */
  token: string;
  credentialId: string;
  cardId: string;
  hospitalNo: string;
  /** Another hospital with its own credential and no relationship to the resident. */
  otherInstitutionId: string;
  otherCode: string;
  otherToken: string;
}

export async function makeFhirWorld(db: Db): Promise<FhirWorld> {
  const world = await makeWorld(db);
  const county = await db.institution.findUniqueOrThrow({ where: { id: world.institutionId } });
  const cardId = randomBytes(32).toString("hex").toUpperCase();
  await db.healthCard.create({ data: { residentId: world.residentId, cardId, keyVersion: 1, channel: "WINDOW", issuingInstitutionId: county.id } });
  const hospitalNo = unique("ZY");
  await db.residentIdentifier.create({ data: { residentId: world.residentId, kind: "HOSPITAL_PATIENT_NO", issuer: county.code, value: hospitalNo } });
  const admin = await makeUser(db, "INSTITUTION_ADMIN", county.id);
  const issued = await issueIntegrationCredential(db, admin, { name: "HIS" });
  const other = await db.institution.create({ data: { code: unique("O").slice(0, 32), name: "另一医院", level: "COUNTY", regionCode: "441424" } });
  const otherAdmin = await makeUser(db, "INSTITUTION_ADMIN", other.id);
  const otherIssued = await issueIntegrationCredential(db, otherAdmin, { name: "LIS" });
  return { ...world, institutionCode: county.code, admin, token: issued.token, credentialId: issued.credential.id, cardId, hospitalNo, otherInstitutionId: other.id, otherCode: other.code, otherToken: otherIssued.token };
}

type Json = Record<string, unknown>;

export const patientByCard = (cardId: string, fullUrl = `urn:uuid:${crypto.randomUUID()}`) => ({
  fullUrl,
  resource: { resourceType: "Patient", id: unique("p").replace("_", "-"), identifier: [{ system: "urn:rmp:health-card", value: cardId }] },
  request: { method: "PUT", url: "Patient?identifier=urn:rmp:health-card|" + cardId },
});

export const entry = (resource: Json, fullUrl = `urn:uuid:${crypto.randomUUID()}`) => ({ fullUrl, resource, request: { method: "PUT", url: `${resource.resourceType as string}/${resource.id as string}` } });

export const bundleOf = (...entries: unknown[]) => ({ resourceType: "Bundle", type: "transaction", entry: entries });

export const subject = (patientFullUrl: string) => ({ reference: patientFullUrl });

export function condition(id: string, patient: Json, text = "2型糖尿病") {
  return { resourceType: "Condition", id, clinicalStatus: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }] }, code: { text }, subject: patient, onsetDateTime: "2025-06-01", recorder: { reference: "Practitioner/dr-li", display: "李医生" } };
}

export function heartRate(id: string, patient: Json, value = 72, at = "2026-11-30T08:00:00+08:00") {
  return { resourceType: "Observation", id, status: "final", category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "vital-signs" }] }], code: { coding: [{ system: "http://loinc.org", code: "8867-4", display: "Heart rate" }] }, subject: patient, effectiveDateTime: at, valueQuantity: { value, unit: "/min", system: "http://unitsofmeasure.org", code: "/min" } };
}

export function bloodPressure(id: string, patient: Json, systolic = 150, diastolic = 95, at = "2026-11-30T08:05:00+08:00") {
  const q = (value: number) => ({ value, unit: "mmHg", system: "http://unitsofmeasure.org", code: "mm[Hg]" });
  return {
    resourceType: "Observation",
    id,
    status: "final",
    code: { coding: [{ system: "http://loinc.org", code: "85354-9" }] },
    subject: patient,
    effectiveDateTime: at,
    component: [
      { code: { coding: [{ system: "http://loinc.org", code: "8480-6" }] }, valueQuantity: q(systolic) },
      { code: { coding: [{ system: "http://loinc.org", code: "8462-4" }] }, valueQuantity: q(diastolic) },
    ],
  };
}

export function labResult(id: string, patient: Json, value = 7.8, at = "2026-11-29T09:00:00+08:00") {
  return { resourceType: "Observation", id, status: "final", category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory" }] }], code: { coding: [{ system: "http://loinc.org", code: "4548-4", display: "Hemoglobin A1c" }], text: "糖化血红蛋白" }, subject: patient, effectiveDateTime: at, valueQuantity: { value, unit: "%", system: "http://unitsofmeasure.org", code: "%" } };
}

export function document(id: string, patient: Json, bytes: Buffer = samplePdf("discharge"), contentType = "application/pdf") {
  return { resourceType: "DocumentReference", id, status: "current", type: { text: "出院小结" }, subject: patient, date: "2026-11-28T10:00:00+08:00", author: [{ display: "王医生" }], content: [{ attachment: { contentType, title: "出院小结.pdf", data: bytes.toString("base64") } }] };
}

/** Every FHIR body the API answered, checked against the R4 schema: the issues, none when valid. */
export function r4Issues(body: unknown): string[] {
  return validateFhirResource(body).map((i) => i.diagnostics);
}

export async function postBundle(entry: HttpEntry, token: string, bundle: unknown, contentType = "application/fhir+json") {
  const response = await fetch(`${entry.base}/fhir/R4`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": contentType }, body: typeof bundle === "string" ? bundle : JSON.stringify(bundle) });
  return { status: response.status, type: response.headers.get("content-type"), replayed: response.headers.get("x-fhir-replayed"), body: (await response.json()) as Json & { issue?: { expression?: string[]; code: string }[]; entry?: { response: { status: string; location?: string } }[] } };
}

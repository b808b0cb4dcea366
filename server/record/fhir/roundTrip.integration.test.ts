/**
 * The institution Bundle round trip (issue 11): POST a Bundle, read it back through /fhir/R4 as
 * the institution's system, a clinician and the resident, and validate EVERY response body as
 * FHIR R4. The same access rules as the UI: a stranger gets 404, a consent scoped to some
 * categories shows only those, and each request is one audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeConsultation, makeUser } from "@/server/consultation/testing";
import { signedInSession } from "@/server/auth/testing";
import { getDb } from "@/server/db/client";
import { setHealthCardKeys } from "@/server/healthcard/keyStore";
import { randomTestKeys } from "@/server/healthcard/testKeys";
import { useTestDatabase } from "@/test/db";
import type { HttpEntry } from "@/test/httpEntry";
import { startFhirEntry } from "@/test/fhirEntry";
import { bloodPressure, bundleOf, condition, document, entry, heartRate, labResult, makeFhirWorld, patientByCard, postBundle, r4Issues, subject, type FhirWorld } from "./testing";

let http: HttpEntry;
let w: FhirWorld;
let consultationId: string;
type Json = Record<string, unknown> & { entry?: { resource: Json; fullUrl: string }[]; issue?: { code: string; expression?: string[] }[] };
const bodies: { url: string; body: unknown }[] = [];

async function get(path: string, auth: { token?: string; cookie?: string }): Promise<{ status: number; type: string | null; body: Json }> {
  const headers: Record<string, string> = {};
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const response = await fetch(`${http.base}/fhir/R4/${path}`, { headers });
  const body = (await response.json()) as Json;
  bodies.push({ url: path, body });
  return { status: response.status, type: response.headers.get("content-type"), body };
}

const types = (bundle: Json) => bundle.entry?.map((e) => e.resource.resourceType).sort() ?? [];

beforeAll(async () => {
  await useTestDatabase();
  setHealthCardKeys(randomTestKeys());
  const db = getDb();
  w = await makeFhirWorld(db);
  http = await startFhirEntry();
  const patient = patientByCard(w.cardId);
  const ref = subject(patient.fullUrl);
  const lab = entry(labResult("rt-lab", ref));
  const answer = await postBundle(
    http,
    w.token,
    bundleOf(
      patient,
      entry(condition("rt-cond", ref)),
      entry(heartRate("rt-hr", ref, 112, "2026-10-01T08:00:00+08:00")),
      entry(bloodPressure("rt-bp", ref)),
      lab,
      entry({ resourceType: "DiagnosticReport", id: "rt-rep", status: "final", code: { text: "HbA1c" }, subject: ref, issued: "2026-11-29T12:00:00+08:00", result: [{ reference: lab.fullUrl }] }),
      entry(document("rt-doc", ref)),
      entry({ resourceType: "Encounter", id: "rt-enc", status: "finished", class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB" }, subject: ref, period: { start: "2026-11-29T08:00:00+08:00" } }),
      entry({ resourceType: "AllergyIntolerance", id: "rt-alg", patient: ref, code: { text: "青霉素" } }),
      entry({ resourceType: "MedicationStatement", id: "rt-med", status: "active", medicationCodeableConcept: { text: "二甲双胍" }, subject: ref }),
    ),
  );
  expect(answer.status).toBe(200);
  // The platform's own consultation: request, appointment, the expert's opinion, advice.
  const consultation = await makeConsultation(db, w, { status: "COMPLETED", expertId: w.expert.id, submittedAt: new Date("2026-11-25T02:00:00Z"), clinicalSummary: "血糖控制不佳", question: "是否调整用药？" });
  consultationId = consultation.id;
  await db.appointment.create({ data: { consultationId, startsAt: new Date("2026-11-26T02:00:00Z"), endsAt: new Date("2026-11-26T02:30:00Z"), bookedById: w.coordinator.id } });
  await db.consultationOpinion.create({ data: { consultationId, version: 1, authorId: w.expert.id, findings: "HbA1c 7.8%", impression: "2型糖尿病控制欠佳", recommendations: "加用 DPP-4 抑制剂", referralDecision: "TREAT_LOCALLY_WITH_FOLLOW_UP", signedAt: new Date("2026-11-26T03:00:00Z"), signature: "00", publicKey: "04" } });
  await db.followUpAdvice.create({ data: { consultationId, residentId: w.residentId, authorId: w.doctor.id, body: "一个月后复查糖化血红蛋白" } });
});

afterAll(async () => {
  await http?.close();
});

describe("FHIR round trip: POST a Bundle, read it back, every answer valid R4", () => {
  it("serves the CapabilityStatement", async () => {
    const answer = await get("metadata", { token: w.token });
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/fhir\+json/);
    expect(answer.body).toMatchObject({ resourceType: "CapabilityStatement", fhirVersion: "4.0.1" });
  });

  it("reads the Patient with the health card as an identifier and the numbers masked", async () => {
    const answer = await get(`Patient/${w.residentId}`, { token: w.token });
    expect(answer.status).toBe(200);
    const identifiers = answer.body.identifier as { system: string; value: string }[];
    expect(identifiers).toContainEqual(expect.objectContaining({ system: "urn:rmp:health-card", value: `${w.cardId.slice(0, 6)}****${w.cardId.slice(-4)}` }));
    expect(identifiers).toContainEqual(expect.objectContaining({ system: "urn:rmp:hospital-patient-no", value: w.hospitalNo }));
    expect(JSON.stringify(answer.body)).not.toContain(w.cardId);
    expect(answer.body.meta).toMatchObject({ security: [{ code: "MASKED" }] });
  });

  it("searches each type by patient, and reads each found resource by id", async () => {
    const expected: Record<string, number> = { Observation: 3, Condition: 1, AllergyIntolerance: 1, MedicationStatement: 1, DiagnosticReport: 1, DocumentReference: 1, Encounter: 1, ServiceRequest: 1, Appointment: 1, CarePlan: 1, Communication: 1 };
    for (const [type, count] of Object.entries(expected)) {
      const found = await get(`${type}?patient=Patient/${w.residentId}`, { token: w.token });
      expect({ type, status: found.status, total: found.body.total }).toEqual({ type, status: 200, total: count });
      for (const e of found.body.entry ?? []) {
        expect(e.resource.resourceType).toBe(type);
        const read = await get(`${type}/${e.resource.id as string}`, { token: w.token });
        expect(read.status).toBe(200);
        expect(read.body).toEqual(e.resource);
      }
    }
  });

  it("keeps what was sent: the report's result is our Observation, the document's file is a Binary", async () => {
    const reports = await get(`DiagnosticReport?patient=${w.residentId}`, { token: w.token });
    const report = reports.body.entry![0]!.resource as { result: { reference: string }[] };
    const observation = await get(report.result[0]!.reference, { token: w.token });
    expect(observation.body).toMatchObject({ resourceType: "Observation", code: { text: "糖化血红蛋白" } });
    const docs = await get(`DocumentReference?patient=${w.residentId}`, { token: w.token });
    const url = (docs.body.entry![0]!.resource as { content: { attachment: { url: string } }[] }).content[0]!.attachment.url;
    const binary = await get(url, { token: w.token });
    expect(binary.body).toMatchObject({ resourceType: "Binary", contentType: "application/pdf" });
    expect(Buffer.from(binary.body.data as string, "base64").subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("answers the vital readings as vital-sign Observations, flagged", async () => {
    const found = await get(`Observation?patient=${w.residentId}&date=ge2026-11-30&date=lt2026-12-01`, { token: w.token });
    expect(found.body.total).toBe(1);
    expect(found.body.entry![0]!.resource).toMatchObject({ code: { coding: [{ code: "85354-9" }] }, interpretation: [{ coding: [{ code: "H" }] }], component: [{ valueQuantity: { value: 150 } }, { valueQuantity: { value: 95 } }] });
    const october = await get(`Observation?patient=${w.residentId}&date=2026-10`, { token: w.token });
    expect(october.body.entry!.map((e) => e.resource.valueQuantity)).toEqual([expect.objectContaining({ value: 112, code: "/min" })]);
    const paged = await get(`Observation?patient=${w.residentId}&_count=2`, { token: w.token });
    expect(paged.body.entry).toHaveLength(2);
    expect(paged.body.link).toContainEqual(expect.objectContaining({ relation: "next" }));
  });

  it("answers Patient/$everything with the whole record, for the system, a colleague and the resident", async () => {
    const all = ["AllergyIntolerance", "Appointment", "CarePlan", "Communication", "Condition", "DiagnosticReport", "DocumentReference", "Encounter", "MedicationStatement", "Observation", "Observation", "Observation", "Patient", "ServiceRequest"];
    const system = await get(`Patient/${w.residentId}/$everything`, { token: w.token });
    expect(system.status).toBe(200);
    expect(types(system.body)).toEqual(all);
    const colleague = await signedInSession(w.doctor.id);
    expect(types((await get(`Patient/${w.residentId}/$everything`, { cookie: colleague.cookie })).body)).toEqual(all);
    const resident = await signedInSession(w.patient.id);
    expect(types((await get(`Patient/${w.residentId}/$everything`, { cookie: resident.cookie })).body)).toEqual(all);
  });

  it("shows a consent's grantee only the categories granted", async () => {
    const db = getDb();
    const outsider = await makeUser(db, "SPECIALIST", w.otherInstitutionId);
    await db.recordConsent.create({ data: { residentId: w.residentId, granteeUserId: outsider.id, categories: ["SUMMARY"], expiresAt: new Date(Date.now() + 86_400_000), grantedById: w.patient.id } });
    const session = await signedInSession(outsider.id);
    const everything = await get(`Patient/${w.residentId}/$everything`, { cookie: session.cookie });
    expect(types(everything.body)).toEqual(["AllergyIntolerance", "Condition", "MedicationStatement", "Patient"]);
    expect((await get(`Observation?patient=${w.residentId}`, { cookie: session.cookie })).body.total).toBe(0);
    const observation = (await get(`Observation?patient=${w.residentId}`, { token: w.token })).body.entry![0]!.resource;
    expect((await get(`Observation/${observation.id as string}`, { cookie: session.cookie })).status).toBe(404);
  });

  it("answers errors as OperationOutcome: 401, 404 for a patient out of reach, 400 for a bad search", async () => {
    const none = await get(`Patient/${w.residentId}`, {});
    expect(none.status).toBe(401);
    expect(none.body.resourceType).toBe("OperationOutcome");
    const stranger = await makeUser(getDb(), "COUNTY_DOCTOR", w.otherInstitutionId);
    const session = await signedInSession(stranger.id);
    for (const path of [`Patient/${w.residentId}`, `Patient/${w.residentId}/$everything`, `Condition?patient=${w.residentId}`]) {
      const answer = await get(path, { cookie: session.cookie });
      expect({ path, status: answer.status, code: answer.body.issue?.[0]?.code }).toEqual({ path, status: 404, code: "not-found" });
    }
    // Another hospital's system: the resident is not theirs.
    expect((await get(`Patient/${w.residentId}`, { token: w.otherToken })).status).toBe(404);
    const bad = await get(`Observation?patient=${w.residentId}&date=yesterday`, { token: w.token });
    expect(bad.status).toBe(400);
    expect(bad.body.issue?.[0]?.expression).toEqual(["date"]);
    expect((await get(`Observation?date=ge2026`, { token: w.token })).status).toBe(400);
    expect((await get("Practitioner/123", { token: w.token })).status).toBe(404);
    expect((await get(`Condition/not-a-uuid`, { token: w.token })).status).toBe(404);
    const admin = await signedInSession(w.admin.id);
    expect((await get("metadata", { cookie: admin.cookie })).status).toBe(403);
  });

  it("audits one record.fhir.read per request, under the resident", async () => {
    const db = getDb();
    const before = await db.auditLog.count({ where: { action: "record.fhir.read", targetId: w.residentId, actorId: w.credentialId } });
    await get(`Patient/${w.residentId}/$everything`, { token: w.token });
    await get(`Observation?patient=${w.residentId}`, { token: w.token });
    const after = await db.auditLog.findMany({ where: { action: "record.fhir.read", targetId: w.residentId, actorId: w.credentialId }, orderBy: { id: "desc" }, take: 2 });
    expect(await db.auditLog.count({ where: { action: "record.fhir.read", targetId: w.residentId, actorId: w.credentialId } })).toBe(before + 2);
    expect(after.map((a) => (a.details as { interaction: string }).interaction)).toEqual(["search", "everything"]);
  });

  it("every body the API answered is valid FHIR R4", () => {
    expect(bodies.length).toBeGreaterThan(40);
    const invalid = bodies.map(({ url, body }) => ({ url, issues: r4Issues(body) })).filter((b) => b.issues.length > 0);
    expect(invalid).toEqual([]);
  });
});

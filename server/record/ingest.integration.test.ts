/**
 * POST /fhir/R4 through the platform's HTTP entry on the real database: a transaction Bundle from
 * an institution's system becomes record entries, vital readings and files, all or nothing; every
 * refusal is an OperationOutcome naming the element, with its status.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInSession } from "@/server/auth/testing";
import { getDb } from "@/server/db/client";
import { getPlatform } from "@/server/platform";
import { useTestDatabase } from "@/test/db";
import { executableBytes } from "@/test/files";
import type { HttpEntry } from "@/test/httpEntry";
import { startFhirEntry } from "@/test/fhirEntry";
import { bloodPressure, bundleOf, condition, document, entry, heartRate, labResult, makeFhirWorld, patientByCard, postBundle, r4Issues, subject, type FhirWorld } from "./fhir/testing";
import { revokeIntegrationCredential } from "./integration";

let http: HttpEntry;
let w: FhirWorld;

beforeAll(async () => {
  await useTestDatabase();
  w = await makeFhirWorld(getDb());
  http = await startFhirEntry();
});

afterAll(async () => {
  await http?.close();
});

const countsOf = async (residentId: string) => {
  const db = getDb();
  const [entries, vitals, files, receipts] = await Promise.all([
    db.recordEntry.count({ where: { residentId } }),
    db.vitalReading.count({ where: { residentId } }),
    db.recordFile.count({ where: { residentId } }),
    db.fhirBundleReceipt.count({ where: { institutionId: w.institutionId } }),
  ]);
  return { entries, vitals, files, receipts };
};

function fullBundle(suffix: string) {
  const patient = patientByCard(w.cardId);
  const ref = subject(patient.fullUrl);
  const lab = entry(labResult(`lab-${suffix}`, ref));
  return bundleOf(
    patient,
    entry(condition(`cond-${suffix}`, ref)),
    entry(heartRate(`hr-${suffix}`, ref)),
    entry(bloodPressure(`bp-${suffix}`, ref)),
    lab,
    entry({ resourceType: "DiagnosticReport", id: `rep-${suffix}`, status: "final", code: { text: "糖化血红蛋白检测" }, subject: ref, effectiveDateTime: "2026-11-29T09:00:00+08:00", result: [{ reference: lab.fullUrl }], performer: [{ display: "检验科" }] }),
    entry(document(`doc-${suffix}`, ref)),
    entry({ resourceType: "Encounter", id: `enc-${suffix}`, status: "finished", class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "IMP", display: "inpatient encounter" }, subject: ref, period: { start: "2026-11-20T08:00:00+08:00", end: "2026-11-28T10:00:00+08:00" } }),
    entry({ resourceType: "AllergyIntolerance", id: `alg-${suffix}`, patient: ref, code: { text: "青霉素" }, recordedDate: "2024-01-01" }),
    entry({ resourceType: "MedicationStatement", id: `med-${suffix}`, status: "active", medicationCodeableConcept: { text: "二甲双胍 0.5g" }, subject: ref, informationSource: { reference: patient.fullUrl }, effectiveDateTime: "2026-01-01" }),
  );
}

describe("POST /fhir/R4: a transaction Bundle", () => {
  it("stores each resource where it belongs and answers a valid transaction-response", async () => {
    const db = getDb();
    const answer = await postBundle(http, w.token, fullBundle("a"));
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/fhir\+json/);
    expect(r4Issues(answer.body)).toEqual([]);
    expect(answer.body).toMatchObject({ resourceType: "Bundle", type: "transaction-response" });
    const statuses = answer.body.entry!.map((e) => e.response.status);
    expect(statuses).toEqual(["200 OK", ...Array(9).fill("201 Created")]);
    expect(answer.body.entry![0]!.response.location).toBe(`Patient/${w.residentId}`);

    const entries = await db.recordEntry.findMany({ where: { residentId: w.residentId, sourceId: { endsWith: "-a" } } });
    expect(Object.fromEntries(entries.map((e) => [e.resourceType, e.category]))).toEqual({
      Condition: "SUMMARY",
      Observation: "REPORT",
      DiagnosticReport: "REPORT",
      DocumentReference: "DOCUMENT",
      Encounter: "ENCOUNTER",
      AllergyIntolerance: "SUMMARY",
      MedicationStatement: "SUMMARY",
    });
    for (const e of entries) expect(e.sourceInstitutionId).toBe(w.institutionId);
    const lab = entries.find((e) => e.resourceType === "Observation")!;
    const report = entries.find((e) => e.resourceType === "DiagnosticReport")!;
    // The report's result now points at our Observation, the subject at our Patient.
    expect(report.resource).toMatchObject({ id: report.id, subject: { reference: `Patient/${w.residentId}` }, result: [{ reference: `Observation/${lab.id}` }] });
    expect(report).toMatchObject({ title: "糖化血红蛋白检测", status: "final", author: "检验科" });
    const cond = entries.find((e) => e.resourceType === "Condition")!;
    expect(cond).toMatchObject({ title: "2型糖尿病", status: "active", author: "李医生", effectiveAt: new Date("2025-06-01T00:00:00Z") });
    // The patient said it: a reference to the Bundle's Patient entry is our Patient.
    expect(entries.find((e) => e.resourceType === "MedicationStatement")!.resource).toMatchObject({ informationSource: { reference: `Patient/${w.residentId}` } });
    // A Practitioner we do not hold: a logical reference.
    expect(cond.resource).toMatchObject({ recorder: { display: "李医生", identifier: { system: `urn:rmp:source-reference:${w.institutionCode}`, value: "Practitioner/dr-li" } } });

    const vitals = await db.vitalReading.findMany({ where: { residentId: w.residentId, sourceKey: { endsWith: "-a" } }, orderBy: { kind: "asc" } });
    expect(vitals.map((v) => ({ kind: v.kind, value: v.value, value2: v.value2, unit: v.unit, source: v.source, flag: v.flag, sourceKey: v.sourceKey }))).toEqual([
      { kind: "BLOOD_PRESSURE", value: 150, value2: 95, unit: "mmHg", source: "INSTITUTION", flag: "HIGH", sourceKey: `institution:${w.institutionId}:bp-a` },
      { kind: "HEART_RATE", value: 72, value2: null, unit: "/min", source: "INSTITUTION", flag: null, sourceKey: `institution:${w.institutionId}:hr-a` },
    ]);
    expect(answer.body.entry![2]!.response.location).toBe(`Observation/${vitals[1]!.id}`);

    const doc = entries.find((e) => e.resourceType === "DocumentReference")!;
    const files = await db.recordFile.findMany({ where: { entryId: doc.id } });
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ contentType: "application/pdf", fileName: "出院小结.pdf", residentId: w.residentId });
    expect(doc.resource).toMatchObject({ content: [{ attachment: { contentType: "application/pdf", url: `Binary/${files[0]!.id}`, size: files[0]!.sizeBytes } }] });
    expect(JSON.stringify(doc.resource)).not.toContain('"data"');

    const audits = await db.auditLog.findMany({ where: { action: "record.ingested", targetId: w.residentId, actorId: w.credentialId } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorRole: "INTEGRATION", targetType: "resident", details: expect.objectContaining({ ground: "signedIn", created: 9, updated: 0, unchanged: 0 }) });
    const credential = await db.integrationCredential.findUniqueOrThrow({ where: { id: w.credentialId } });
    expect(credential.lastUsedAt).not.toBeNull();
  });

  it("stores the same Bundle sent twice once, and answers it the same", async () => {
    const bundle = JSON.stringify(fullBundle("twice"));
    const first = await postBundle(http, w.token, bundle);
    expect(first.status).toBe(200);
    const before = await countsOf(w.residentId);
    const second = await postBundle(http, w.token, bundle, "application/json");
    expect(second.status).toBe(200);
    expect(second.replayed).toBe("true");
    expect(second.body).toEqual(first.body);
    expect(await countsOf(w.residentId)).toEqual(before);
    expect(await getDb().fhirBundleReceipt.count({ where: { id: first.body.id as string } })).toBe(1);
  });

  it("updates an entry sent again under the same id with other content; the same content changes nothing", async () => {
    const db = getDb();
    const patient = patientByCard(w.cardId);
    const ref = subject(patient.fullUrl);
    const first = await postBundle(http, w.token, bundleOf(patient, entry(condition("cond-upd", ref, "高血压")), entry(heartRate("hr-upd", ref, 70))));
    expect(first.body.entry!.map((e) => e.response.status)).toEqual(["200 OK", "201 Created", "201 Created"]);
    const again = patientByCard(w.cardId);
    const ref2 = subject(again.fullUrl);
    const second = await postBundle(http, w.token, bundleOf(again, entry(condition("cond-upd", ref2, "高血压 2级")), entry(heartRate("hr-upd", ref2, 70))));
    expect(second.status).toBe(200);
    expect(second.body.entry!.map((e) => e.response.status)).toEqual(["200 OK", "200 OK", "200 OK"]);
    expect(second.body.entry![1]!.response.location).toBe(first.body.entry![1]!.response.location);
    const rows = await db.recordEntry.findMany({ where: { sourceInstitutionId: w.institutionId, sourceId: "cond-upd" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.title).toBe("高血压 2级");
    expect(await db.vitalReading.count({ where: { sourceKey: `institution:${w.institutionId}:hr-upd` } })).toBe(1);
    const third = await postBundle(http, w.token, bundleOf(again, entry(condition("cond-upd", ref2, "高血压 2级")), entry(heartRate("hr-upd", ref2, 88))));
    expect(third.status).toBe(200);
    expect((await db.vitalReading.findUniqueOrThrow({ where: { sourceKey: `institution:${w.institutionId}:hr-upd` } })).value).toBe(88);
  });

  it("refuses (409) an id this institution used for another resident, naming each entry, and moves nothing", async () => {
    const db = getDb();
    const other = await db.resident.create({ data: { masterIndexId: randomBytes(32).toString("hex"), name: "另一患者" } });
    const otherCard = randomBytes(32).toString("hex").toUpperCase();
    await db.healthCard.create({ data: { residentId: other.id, cardId: otherCard, keyVersion: 1, channel: "WINDOW", issuingInstitutionId: w.institutionId } });
    const mine = patientByCard(w.cardId);
    const first = await postBundle(http, w.token, bundleOf(mine, entry(condition("cond-moved", subject(mine.fullUrl))), entry(heartRate("hr-moved", subject(mine.fullUrl)))));
    expect(first.status).toBe(200);

    const theirs = patientByCard(otherCard);
    const ref = subject(theirs.fullUrl);
    const before = await countsOf(other.id);
    const moved = await postBundle(http, w.token, bundleOf(theirs, entry(condition("cond-fresh", ref)), entry(condition("cond-moved", ref)), entry(heartRate("hr-moved", ref))));
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ resourceType: "OperationOutcome" });
    const expressions = (moved.body as unknown as { issue: { code: string; expression: string[] }[] }).issue.map((i) => [i.code, i.expression[0]]);
    expect(expressions).toEqual([
      ["conflict", "Bundle.entry[2].resource.id"],
      ["conflict", "Bundle.entry[3].resource.id"],
    ]);
    expect(await countsOf(other.id)).toEqual(before);
    expect((await db.recordEntry.findFirstOrThrow({ where: { sourceInstitutionId: w.institutionId, sourceId: "cond-moved" } })).residentId).toBe(w.residentId);
    expect((await db.vitalReading.findUniqueOrThrow({ where: { sourceKey: `institution:${w.institutionId}:hr-moved` } })).residentId).toBe(w.residentId);
  });

  it("puts a flagged reading on the care team's worklist and tells them once, as a device's reading is", async () => {
    const db = getDb();
    const patient = patientByCard(w.cardId);
    const ref = subject(patient.fullUrl);
    const answer = await postBundle(http, w.token, bundleOf(patient, entry(bloodPressure("bp-alert-high", ref, 182, 112)), entry(heartRate("hr-alert-normal", ref, 72))));
    expect(answer.status).toBe(200);
    const high = await db.vitalReading.findUniqueOrThrow({ where: { sourceKey: `institution:${w.institutionId}:bp-alert-high` }, include: { alert: true } });
    const normal = await db.vitalReading.findUniqueOrThrow({ where: { sourceKey: `institution:${w.institutionId}:hr-alert-normal` }, include: { alert: true } });
    expect(high.flag).toBe("CRITICAL_HIGH");
    expect(high.alert).toMatchObject({ residentId: w.residentId, status: "OPEN" });
    expect(normal.alert).toBeNull();
    await getPlatform().vitalAlerts.idle();
    // Only this test sends a critical reading for the file's resident: one notification, whatever ran before.
    const told = await db.notification.findMany({ where: { userId: w.doctor.id, kind: "vitals.critical" } });
    expect(told).toHaveLength(1);
    // The same reading sent again (other content, still flagged) raises no second alert.
    const again = patientByCard(w.cardId);
    await postBundle(http, w.token, bundleOf(again, entry(bloodPressure("bp-alert-high", subject(again.fullUrl), 185, 114))));
    expect(await db.vitalAlert.count({ where: { readingId: high.id } })).toBe(1);
  });

  it("resolves a resident by the institution's own hospital number; another institution's credential cannot", async () => {
    const ref = { identifier: { system: "urn:rmp:hospital-patient-no", value: w.hospitalNo } };
    const own = await postBundle(http, w.token, bundleOf(entry(condition("cond-local", ref, "慢性胃炎"))));
    expect(own.status).toBe(200);
    expect(await getDb().recordEntry.count({ where: { residentId: w.residentId, sourceId: "cond-local" } })).toBe(1);
    const foreign = await postBundle(http, w.otherToken, bundleOf(entry(condition("cond-foreign", ref, "慢性胃炎"))));
    expect(foreign.status).toBe(422);
    expect(foreign.body.resourceType).toBe("OperationOutcome");
    expect(foreign.body.issue).toEqual([expect.objectContaining({ code: "not-found", expression: ["Bundle.entry[0].resource.subject.identifier"] })]);
    expect(r4Issues(foreign.body)).toEqual([]);
    expect(await getDb().recordEntry.count({ where: { sourceId: "cond-foreign" } })).toBe(0);
  });

  it("refuses an invalid resource with an OperationOutcome naming the element, and stores nothing of the Bundle", async () => {
    const before = await countsOf(w.residentId);
    const patient = patientByCard(w.cardId);
    const ref = subject(patient.fullUrl);
    const bad = { ...heartRate("hr-bad", ref), status: "done" };
    const answer = await postBundle(http, w.token, bundleOf(patient, entry(condition("cond-bad", ref)), entry(bad)));
    expect(answer.status).toBe(400);
    expect(answer.body.resourceType).toBe("OperationOutcome");
    expect(answer.body.issue).toEqual([expect.objectContaining({ severity: "error", code: "value", expression: ["Bundle.entry[2].resource.status"] })]);
    expect(r4Issues(answer.body)).toEqual([]);
    expect(await countsOf(w.residentId)).toEqual(before);
  });

  it("refuses a Bundle naming an unknown resident (422) and stores none of its entries", async () => {
    const before = await countsOf(w.residentId);
    const known = patientByCard(w.cardId);
    const unknown = patientByCard("F".repeat(64));
    const answer = await postBundle(http, w.token, bundleOf(known, entry(condition("cond-known", subject(known.fullUrl))), unknown, entry(condition("cond-unknown", subject(unknown.fullUrl)))));
    expect(answer.status).toBe(422);
    expect(answer.body.issue).toEqual([expect.objectContaining({ code: "not-found", expression: ["Bundle.entry[2].resource.identifier"] })]);
    expect(await countsOf(w.residentId)).toEqual(before);
  });

  it("refuses what the record does not take, each naming its element", async () => {
    const patient = patientByCard(w.cardId);
    const ref = subject(patient.fullUrl);
    const cases: [unknown, number, string][] = [
      [bundleOf(patient, entry({ resourceType: "Practitioner", id: "dr" })), 422, "Bundle.entry[1].resource.resourceType"],
      [bundleOf(patient, entry(heartRate("hr-range", ref, 900))), 422, "Bundle.entry[1].resource.valueQuantity"],
      [bundleOf(patient, entry({ ...heartRate("hr-unit", ref), valueQuantity: { value: 70, unit: "furlongs" } })), 422, "Bundle.entry[1].resource.valueQuantity.unit"],
      [bundleOf(patient, entry(document("doc-exe", ref, executableBytes()))), 422, "Bundle.entry[1].resource.content[0].attachment.data"],
      [bundleOf(patient, entry(document("doc-lie", ref, undefined, "image/png"))), 422, "Bundle.entry[1].resource.content[0].attachment.contentType"],
      [bundleOf(patient, entry(condition("cond-nosubject", {}))), 422, "Bundle.entry[1].resource.subject"],
      [bundleOf(patient, entry(condition("cond-dangling", subject("urn:uuid:nobody")))), 422, "Bundle.entry[1].resource.subject"],
      [bundleOf(patient, entry(condition("cond-twice", ref)), entry(condition("cond-twice", ref))), 422, "Bundle.entry[2].resource.id"],
      [{ ...bundleOf(patient), type: "batch" }, 422, "Bundle.type"],
      [{ resourceType: "Patient", id: "p" }, 400, "Bundle.resourceType"],
      [bundleOf({ ...entry(condition("cond-delete", ref)), request: { method: "DELETE", url: "Condition/cond-delete" } }), 422, "Bundle.entry[0].request.method"],
    ];
    for (const [bundle, status, expression] of cases) {
      const answer = await postBundle(http, w.token, bundle);
      expect({ status: answer.status, expressions: answer.body.issue?.flatMap((i) => i.expression ?? []) }, expression).toEqual({ status, expressions: expect.arrayContaining([expression]) });
      expect(r4Issues(answer.body), expression).toEqual([]);
    }
  });

  it("refuses a NUL character (400) naming where it is", async () => {
    const patient = patientByCard(w.cardId);
    const answer = await postBundle(http, w.token, bundleOf(patient, entry(condition("cond-nul", subject(patient.fullUrl), "糖尿\u0000病"))));
    expect(answer.status).toBe(400);
    expect(answer.body.issue).toEqual([expect.objectContaining({ code: "invalid", expression: ["Bundle.entry[1].resource.code.text"] })]);
  });

  it("refuses what is not a JSON FHIR body: not JSON 400, another media type 415, too large 413", async () => {
    const notJson = await postBundle(http, w.token, "{not json");
    expect(notJson.status).toBe(400);
    expect(notJson.body.resourceType).toBe("OperationOutcome");
    const xml = await postBundle(http, w.token, "<Bundle/>", "application/fhir+xml");
    expect(xml.status).toBe(415);
    expect(xml.body.resourceType).toBe("OperationOutcome");
    const huge = await postBundle(http, w.token, JSON.stringify({ resourceType: "Bundle", type: "transaction", padding: "x".repeat(21 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ resourceType: "OperationOutcome", issue: [{ code: "too-costly" }] });
  });

  it("answers 401 with an OperationOutcome for no, unknown or revoked credentials, and 403 for a person's session", async () => {
    const bundle = bundleOf(patientByCard(w.cardId));
    const none = await fetch(`${http.base}/fhir/R4`, { method: "POST", headers: { "content-type": "application/fhir+json" }, body: JSON.stringify(bundle) });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { resourceType: string }).resourceType).toBe("OperationOutcome");
    const forged = await postBundle(http, "rmpi_forgedforgedforgedforgedforged", bundle);
    expect(forged.status).toBe(401);
    expect(forged.body.issue).toEqual([expect.objectContaining({ code: "login" })]);

    const db = getDb();
    const { makeUser } = await import("@/server/consultation/testing");
    const { issueIntegrationCredential } = await import("./integration");
    const issued = await issueIntegrationCredential(db, w.admin, { name: "old PACS" });
    expect((await postBundle(http, issued.token, bundle)).status).toBe(200);
    await revokeIntegrationCredential(db, w.admin, issued.credential.id);
    const revoked = await fetch(`${http.base}/fhir/R4`, { method: "POST", headers: { authorization: `Bearer ${issued.token}`, "content-type": "application/fhir+json" }, body: JSON.stringify(bundleOf(patientByCard(w.cardId))) });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("www-authenticate")).toMatch(/^Bearer/);

    const doctor = await signedInSession(w.doctor.id);
    const asDoctor = await fetch(`${http.base}/fhir/R4`, { method: "POST", headers: { cookie: doctor.cookie, "content-type": "application/fhir+json", origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }, body: JSON.stringify(bundle) });
    expect(asDoctor.status).toBe(403);
    // Another institution's admin cannot revoke this institution's credential: it does not exist for them.
    const otherAdmin = await makeUser(db, "INSTITUTION_ADMIN", w.otherInstitutionId);
    await expect(revokeIntegrationCredential(db, otherAdmin, w.credentialId)).rejects.toMatchObject({ status: 404, code: "INTEGRATION_CREDENTIAL_NOT_FOUND" });
  });
});

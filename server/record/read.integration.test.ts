import { beforeAll, describe, expect, it } from "vitest";
import { makeConsultation, makeUser } from "@/server/consultation/testing";
import { getDb, type Db } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { grantConsent, revokeConsent } from "./consent";
import { readRecordFile, readSharedRecord } from "./read";
import { makeRecordEntry, makeRecordFile, makeRecordWorld, makeVitalReading, type RecordWorld } from "./testing";

let db: Db;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A record with one entry per entry category, a file, two readings of one kind and a signed opinion. */
async function filledRecord(world: RecordWorld) {
  const entries = {
    allergy: await makeRecordEntry(db, { residentId: world.residentId, institutionId: world.institutionId, category: "SUMMARY", title: "青霉素过敏", resourceType: "AllergyIntolerance", author: "李医生" }),
    visit: await makeRecordEntry(db, { residentId: world.residentId, institutionId: world.provincialId, category: "ENCOUNTER", title: "心内科门诊", effectiveAt: new Date(Date.now() - 86_400_000) }),
    report: await makeRecordEntry(db, { residentId: world.residentId, institutionId: world.institutionId, category: "REPORT", title: "血常规" }),
    image: await makeRecordEntry(db, { residentId: world.residentId, institutionId: world.institutionId, category: "IMAGE", title: "胸部 X 线" }),
  };
  const file = await makeRecordFile(db, entries.image);
  await makeVitalReading(db, world.residentId, "BLOOD_PRESSURE", 150, new Date(Date.now() - 7_200_000), 95);
  await makeVitalReading(db, world.residentId, "BLOOD_PRESSURE", 128, new Date(Date.now() - 3_600_000), 82);
  const consultation = await makeConsultation(db, world, { status: "COMPLETED", expertId: world.expert.id });
  await db.consultationOpinion.create({
    data: { consultationId: consultation.id, version: 1, authorId: world.expert.id, findings: "心电图未见异常", impression: "稳定型心绞痛", recommendations: "完善冠脉 CTA", referralDecision: "TREAT_LOCALLY_WITH_FOLLOW_UP", signedAt: new Date(), signature: "00", publicKey: "04" },
  });
  await db.followUpAdvice.create({ data: { consultationId: consultation.id, residentId: world.residentId, authorId: world.expert.id, body: "低盐饮食，一个月后复查" } });
  return { entries, file, consultation };
}

async function readAudits(actorId: string, residentId: string) {
  return db.auditLog.findMany({ where: { actorId, targetType: "resident", targetId: residentId, action: { startsWith: "record." } }, orderBy: { id: "asc" } });
}

describe("readSharedRecord: every ground of record.read (real database)", () => {
  it("own institution: the whole record, each entry with its institution and author, vitals latest per kind, opinions; audited once", async () => {
    const world = await makeRecordWorld(db);
    const { entries } = await filledRecord(world);
    const record = await readSharedRecord(db, world.colleague, world.residentId, {}, { requestId: "req-1" });
    expect(record.ground).toBe("ownInstitution");
    expect(record.withheld).toEqual([]);
    expect(record.entries.map((e) => e.title).sort()).toEqual(["心内科门诊", "胸部 X 线", "血常规", "青霉素过敏"].sort());
    const allergy = record.entries.find((e) => e.id === entries.allergy.id)!;
    expect(allergy).toMatchObject({ category: "SUMMARY", author: "李医生", institution: { id: world.institutionId, name: "县医院" } });
    expect(record.entries.find((e) => e.id === entries.visit.id)!.institution.name).toBe("省医院");
    expect(record.entries.find((e) => e.id === entries.image.id)!.files).toHaveLength(1);
    expect(record.vitals).toHaveLength(1);
    expect(record.vitals[0]).toMatchObject({ kind: "BLOOD_PRESSURE", value: 128, value2: 82 });
    expect(record.consultations).toHaveLength(1);
    expect(record.consultations[0]!.opinion).toMatchObject({ impression: "稳定型心绞痛", author: world.expert.displayName });
    expect(record.consultations[0]!.advice.map((a) => a.body)).toEqual(["低盐饮食，一个月后复查"]);
    expect(record.institutions.map((i) => i.id).sort()).toEqual([world.institutionId, world.provincialId].sort());
    const audits = await readAudits(world.colleague.id, world.residentId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "record.read", requestId: "req-1" });
    expect(audits[0]!.details).toMatchObject({ ground: "ownInstitution", categories: ["SUMMARY", "ENCOUNTER", "DOCUMENT", "REPORT", "IMAGE", "VITAL", "CONSULTATION"], entries: 4 });
  });

  it("filters by category and by institution", async () => {
    const world = await makeRecordWorld(db);
    await filledRecord(world);
    const reports = await readSharedRecord(db, world.doctor, world.residentId, { category: "REPORT" });
    expect(reports.entries.map((e) => e.title)).toEqual(["血常规"]);
    expect(reports.vitals).toEqual([]);
    expect(reports.consultations).toEqual([]);
    const provincial = await readSharedRecord(db, world.doctor, world.residentId, { institution: world.provincialId });
    expect(provincial.entries.map((e) => e.title)).toEqual(["心内科门诊"]);
    const audits = await readAudits(world.doctor.id, world.residentId);
    expect(audits.map((a) => (a.details as { category?: string }).category ?? null)).toEqual(["REPORT", null]);
  });

  it("open consultation participant: the assigned expert reads while the consultation is open, not once it is closed", async () => {
    const world = await makeRecordWorld(db);
    await filledRecord(world);
    const open = await makeConsultation(db, world, { status: "SCHEDULED", expertId: world.expert.id });
    expect((await readSharedRecord(db, world.expert, world.residentId)).ground).toBe("openCare");
    await db.consultation.update({ where: { id: open.id }, data: { status: "COMPLETED" } });
    await expect(readSharedRecord(db, world.expert, world.residentId)).rejects.toMatchObject({ status: 404, code: "RESIDENT_NOT_FOUND" });
  });

  it("no relationship: 404, nothing read, nothing audited", async () => {
    const world = await makeRecordWorld(db);
    await filledRecord(world);
    await expect(readSharedRecord(db, world.stranger, world.residentId)).rejects.toMatchObject({ status: 404, code: "RESIDENT_NOT_FOUND" });
    await expect(readSharedRecord(db, world.expert, world.residentId)).rejects.toMatchObject({ status: 404 });
    // Roles without a rule: the institution admin of the resident's own hospital, the platform admin.
    await expect(readSharedRecord(db, world.admin, world.residentId)).rejects.toMatchObject({ status: 404 });
    const platform = await makeUser(db, "PLATFORM_ADMIN", null);
    await expect(readSharedRecord(db, platform, world.residentId)).rejects.toMatchObject({ status: 404 });
    const otherPatient = await makeUser(db, "PATIENT", null);
    await expect(readSharedRecord(db, otherPatient, world.residentId)).rejects.toMatchObject({ status: 404 });
    expect(await readAudits(world.stranger.id, world.residentId)).toEqual([]);
  });

  it("an unknown resident is 404 like a forbidden one", async () => {
    const world = await makeRecordWorld(db);
    await expect(readSharedRecord(db, world.doctor, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ status: 404, code: "RESIDENT_NOT_FOUND" });
  });

  it("consent for the whole record, to a person: read; revoked: the next read is 404 at once", async () => {
    const world = await makeRecordWorld(db);
    await filledRecord(world);
    const consent = await grantConsent(db, world.patient, { residentId: world.residentId, granteeUsername: world.stranger.username, categories: [], expiresOn: inDays(30), purpose: "转诊复查" });
    const record = await readSharedRecord(db, world.stranger, world.residentId);
    expect(record.ground).toBe("consent");
    expect(record.withheld).toEqual([]);
    expect(record.entries).toHaveLength(4);
    await revokeConsent(db, world.patient, consent.id);
    await expect(readSharedRecord(db, world.stranger, world.residentId)).rejects.toMatchObject({ status: 404 });
  });

  it("consent by category: only those categories are read and sent; the rest is named as withheld", async () => {
    const world = await makeRecordWorld(db);
    const { file, entries } = await filledRecord(world);
    await grantConsent(db, world.patient, { residentId: world.residentId, granteeUsername: world.stranger.username, categories: ["SUMMARY", "VITAL"], expiresOn: inDays(7), purpose: "慢病随访" });
    const record = await readSharedRecord(db, world.stranger, world.residentId);
    expect(record.categories).toEqual(["SUMMARY", "VITAL"]);
    expect(record.withheld).toEqual(["ENCOUNTER", "DOCUMENT", "REPORT", "IMAGE", "CONSULTATION"]);
    expect(record.entries.map((e) => e.id)).toEqual([entries.allergy.id]);
    expect(record.vitals).toHaveLength(1);
    expect(record.consultations).toEqual([]);
    // Institutions of withheld categories are not revealed either.
    expect(record.institutions.map((i) => i.id)).toEqual([world.institutionId]);
    // Asking for a withheld category gives nothing from it.
    const asked = await readSharedRecord(db, world.stranger, world.residentId, { category: "REPORT" });
    expect(asked.entries).toEqual([]);
    // The file of a withheld category (IMAGE) is refused like an unknown one.
    await expect(readRecordFile(db, world.stranger, file.id)).rejects.toMatchObject({ status: 404, code: "RECORD_FILE_NOT_FOUND" });
    const audits = await readAudits(world.stranger.id, world.residentId);
    expect(audits[0]!.details).toMatchObject({ ground: "consent", categories: ["SUMMARY", "VITAL"] });
  });

  it("consent to an institution: every clinician of it reads; the institution's admin still does not", async () => {
    const world = await makeRecordWorld(db);
    await filledRecord(world);
    await grantConsent(db, world.patient, { residentId: world.residentId, granteeInstitutionId: world.strangerInstitutionId, categories: [], expiresOn: inDays(1), purpose: "转院" });
    expect((await readSharedRecord(db, world.stranger, world.residentId)).ground).toBe("consent");
    const another = await makeUser(db, "SPECIALIST", world.strangerInstitutionId);
    expect((await readSharedRecord(db, another, world.residentId)).entries).toHaveLength(4);
    await expect(readSharedRecord(db, world.strangerAdmin, world.residentId)).rejects.toMatchObject({ status: 404 });
  });

  it("consent expired: 404", async () => {
    const world = await makeRecordWorld(db);
    await db.recordConsent.create({ data: { residentId: world.residentId, granteeUserId: world.stranger.id, categories: [], purpose: "旧授权", expiresAt: new Date(Date.now() - 1000), grantedById: world.patient.id } });
    await expect(readSharedRecord(db, world.stranger, world.residentId)).rejects.toMatchObject({ status: 404 });
  });

  it("break-glass active: the whole record; expired: 404", async () => {
    const world = await makeRecordWorld(db);
    await filledRecord(world);
    const access = await db.emergencyAccess.create({ data: { residentId: world.residentId, userId: world.stranger.id, institutionId: world.strangerInstitutionId, reason: "昏迷送医，需要过敏史", expiresAt: new Date(Date.now() + 3_600_000) } });
    const record = await readSharedRecord(db, world.stranger, world.residentId);
    expect(record.ground).toBe("emergencyAccess");
    expect(record.withheld).toEqual([]);
    await db.emergencyAccess.update({ where: { id: access.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(readSharedRecord(db, world.stranger, world.residentId)).rejects.toMatchObject({ status: 404 });
  });

  it("self and guardian: the resident reads their own record, a family member reads the one they manage, an ended link does not", async () => {
    const world = await makeRecordWorld(db);
    await filledRecord(world);
    expect((await readSharedRecord(db, world.patient, world.residentId)).ground).toBe("self");
    const parent = await makeUser(db, "PATIENT", null);
    const link = await db.familyLink.create({ data: { guardianUserId: parent.id, residentId: world.residentId, relationship: "CHILD", establishedById: world.doctor.id } });
    expect((await readSharedRecord(db, parent, world.residentId)).ground).toBe("guardian");
    await db.familyLink.update({ where: { id: link.id }, data: { endedAt: new Date() } });
    await expect(readSharedRecord(db, parent, world.residentId)).rejects.toMatchObject({ status: 404 });
  });
});

describe("readRecordFile: the same check as the record", () => {
  it("allowed readers download, audited; everyone else gets 404 RECORD_FILE_NOT_FOUND", async () => {
    const world = await makeRecordWorld(db);
    const { file } = await filledRecord(world);
    const got = await readRecordFile(db, world.doctor, file.id, { requestId: "file-1" });
    expect(got).toMatchObject({ fileName: "报告.pdf", contentType: "application/pdf" });
    expect(Buffer.from(got.content).toString()).toContain("%PDF");
    const audit = await db.auditLog.findFirst({ where: { actorId: world.doctor.id, action: "record.file.read" } });
    expect(audit).toMatchObject({ targetType: "resident", targetId: world.residentId, requestId: "file-1" });
    expect(audit!.details).toMatchObject({ fileId: file.id, category: "IMAGE", ground: "ownInstitution" });
    expect((await readRecordFile(db, world.patient, file.id)).sizeBytes).toBe(file.sizeBytes);
    for (const who of [world.stranger, world.expert, world.admin]) {
      await expect(readRecordFile(db, who, file.id)).rejects.toMatchObject({ status: 404, code: "RECORD_FILE_NOT_FOUND" });
    }
    await expect(readRecordFile(db, world.doctor, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ status: 404, code: "RECORD_FILE_NOT_FOUND" });
    // Consent revoked: refused at once.
    const consent = await grantConsent(db, world.patient, { residentId: world.residentId, granteeUsername: world.stranger.username, categories: ["IMAGE"], expiresOn: inDays(2), purpose: "看片" });
    expect((await readRecordFile(db, world.stranger, file.id)).fileName).toBe("报告.pdf");
    await revokeConsent(db, world.patient, consent.id);
    await expect(readRecordFile(db, world.stranger, file.id)).rejects.toMatchObject({ status: 404 });
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "@/server/consultation/testing";
import { getDb, type Db } from "@/server/db/client";
import { shanghaiDateKey } from "@/server/scheduling/time";
import { useTestDatabase } from "@/test/db";
import { consentCandidates, grantConsent, listConsents, revokeConsent, type GrantInput } from "./consent";
import { readSharedRecord } from "./read";
import { makeRecordEntry, makeRecordWorld } from "./testing";

let db: Db;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
});

const day = (days: number) => shanghaiDateKey(new Date(Date.now() + days * 86_400_000));

describe("consents (real database)", () => {
  it("grants with an expiry at the end of the chosen Beijing day, audited, the grantee notified; listed with status", async () => {
    const world = await makeRecordWorld(db);
    const consent = await grantConsent(db, world.patient, { residentId: world.residentId, granteeUsername: world.stranger.username, categories: ["REPORT", "REPORT"], expiresOn: day(10), purpose: "转诊复查" }, "req-c");
    expect(consent.categories).toEqual(["REPORT"]);
    expect(shanghaiDateKey(consent.expiresAt)).toBe(day(10));
    expect(shanghaiDateKey(new Date(consent.expiresAt.getTime() + 1))).toBe(day(11));
    const audit = await db.auditLog.findFirst({ where: { action: "record.consent.granted", targetId: world.residentId } });
    expect(audit).toMatchObject({ actorId: world.patient.id, requestId: "req-c" });
    expect(await db.notification.count({ where: { userId: world.stranger.id, kind: "record.consentGranted" } })).toBe(1);
    // All categories is the whole record.
    await grantConsent(db, world.patient, { residentId: world.residentId, granteeInstitutionId: world.provincialId, categories: ["SUMMARY", "ENCOUNTER", "DOCUMENT", "REPORT", "IMAGE", "VITAL", "CONSULTATION"], expiresOn: day(0), purpose: "会诊" });
    await db.recordConsent.create({ data: { residentId: world.residentId, granteeUserId: world.expert.id, categories: [], expiresAt: new Date(Date.now() - 60_000), grantedById: world.patient.id } });
    await revokeConsent(db, world.patient, consent.id);
    const list = await listConsents(db, world.patient, world.residentId);
    expect(list.map((c) => c.status).sort()).toEqual(["ACTIVE", "EXPIRED", "REVOKED"]);
    expect(list.find((c) => c.id === consent.id)).toMatchObject({ status: "REVOKED", grantee: { kind: "user", name: world.stranger.displayName } });
    expect(list.filter((c) => c.status === "ACTIVE").map((c) => c.grantee)).toEqual([{ kind: "institution", id: world.provincialId, name: "省医院", nameEn: null }]);
    expect(list.filter((c) => c.status === "EXPIRED")).toHaveLength(1);
  });

  it("refuses bad grants with 400: oneself, the resident's own account, an unknown user or institution, a non-clinician, a past or too far expiry, two grantees or none", async () => {
    const world = await makeRecordWorld(db);
    const base = { residentId: world.residentId, categories: [] as GrantInput["categories"], expiresOn: day(5), purpose: "复查" };
    const platform = await makeUser(db, "PLATFORM_ADMIN", null);
    const cases: [Partial<GrantInput>, string][] = [
      [{ granteeUsername: world.patient.username }, "record.consent.selfGrant"],
      [{ granteeUsername: "no-such-user-anywhere" }, "record.consent.noSuchGrantee"],
      [{ granteeInstitutionId: "00000000-0000-4000-8000-000000000000" }, "record.consent.noSuchGrantee"],
      [{ granteeUsername: platform.username }, "record.consent.notClinician"],
      [{ granteeUsername: world.admin.username }, "record.consent.notClinician"],
      [{ granteeUsername: world.stranger.username, expiresOn: day(-1) }, "record.consent.expiryPast"],
      [{ granteeUsername: world.stranger.username, expiresOn: day(366) }, "record.consent.expiryTooFar"],
      [{ granteeUsername: world.stranger.username, expiresOn: "2026-02-30" }, "record.consent.expiryInvalid"],
    ];
    for (const [change, messageKey] of cases) {
      await expect(grantConsent(db, world.patient, { ...base, ...change } as GrantInput), messageKey).rejects.toMatchObject({ status: 400, messageKey });
    }
    expect(await db.recordConsent.count({ where: { residentId: world.residentId } })).toBe(0);
    // A year is allowed.
    await expect(grantConsent(db, world.patient, { ...base, granteeUsername: world.stranger.username, expiresOn: day(365) })).resolves.toBeTruthy();
    // A guardian granting to the resident's own account is the same self-grant.
    const parent = await makeUser(db, "PATIENT", null);
    await db.familyLink.create({ data: { guardianUserId: parent.id, residentId: world.residentId, relationship: "CHILD", establishedById: world.doctor.id } });
    await expect(grantConsent(db, parent, { ...base, granteeUsername: world.patient.username })).rejects.toMatchObject({ status: 400, messageKey: "record.consent.selfGrant" });
    await expect(grantConsent(db, parent, { ...base, granteeUsername: world.stranger.username })).resolves.toBeTruthy();
  });

  it("the schema refuses two grantees or none, unknown categories and NUL bytes", async () => {
    const { grantSchema } = await import("./consent");
    const ok = { residentId: "00000000-0000-4000-8000-000000000000", granteeUsername: "a", expiresOn: "2027-01-01", purpose: "复查" };
    expect(grantSchema.safeParse(ok).success).toBe(true);
    expect(grantSchema.safeParse({ ...ok, granteeInstitutionId: ok.residentId }).success).toBe(false);
    expect(grantSchema.safeParse({ ...ok, granteeUsername: undefined }).success).toBe(false);
    expect(grantSchema.safeParse({ ...ok, categories: ["SECRET"] }).success).toBe(false);
    expect(grantSchema.safeParse({ ...ok, purpose: "x" }).success).toBe(false);
    expect(grantSchema.safeParse({ ...ok, purpose: "y".repeat(201) }).success).toBe(false);
  });

  it("only the resident (or their family member) manages consents: others get 404; revoking twice changes nothing", async () => {
    const world = await makeRecordWorld(db);
    const other = await makeRecordWorld(db);
    const input = { residentId: world.residentId, granteeUsername: world.stranger.username, categories: [], expiresOn: day(3), purpose: "复查" };
    await expect(grantConsent(db, other.patient, input)).rejects.toMatchObject({ status: 404 });
    await expect(grantConsent(db, world.doctor, input)).rejects.toMatchObject({ status: 404 });
    const consent = await grantConsent(db, world.patient, input);
    await expect(revokeConsent(db, other.patient, consent.id)).rejects.toMatchObject({ status: 404, code: "CONSENT_NOT_FOUND" });
    await expect(revokeConsent(db, world.stranger, consent.id)).rejects.toMatchObject({ status: 404, code: "CONSENT_NOT_FOUND" });
    await expect(listConsents(db, other.patient, world.residentId)).rejects.toMatchObject({ status: 404 });
    const first = await revokeConsent(db, world.patient, consent.id);
    const second = await revokeConsent(db, world.patient, consent.id);
    expect(second.revokedAt).toEqual(first.revokedAt);
    expect(await db.auditLog.count({ where: { action: "record.consent.revoked", targetId: world.residentId } })).toBe(1);
    await expect(revokeConsent(db, world.patient, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ status: 404, code: "CONSENT_NOT_FOUND" });
  });

  it("a revocation takes effect at the next check: read, revoke, the next read is 404", async () => {
    const world = await makeRecordWorld(db);
    await makeRecordEntry(db, { residentId: world.residentId, institutionId: world.institutionId, category: "SUMMARY", title: "高血压" });
    const consent = await grantConsent(db, world.patient, { residentId: world.residentId, granteeUsername: world.stranger.username, categories: [], expiresOn: day(30), purpose: "随访" });
    expect((await readSharedRecord(db, world.stranger, world.residentId)).entries.map((e) => e.title)).toEqual(["高血压"]);
    await revokeConsent(db, world.patient, consent.id);
    await expect(readSharedRecord(db, world.stranger, world.residentId)).rejects.toMatchObject({ status: 404 });
  });

  it("candidates: the clinicians of the resident's consultations, and institutions", async () => {
    const world = await makeRecordWorld(db);
    await db.consultation.create({ data: { number: `T${Date.now()}`.slice(0, 24), type: "REMOTE_CONSULTATION", specialty: "CARD", residentId: world.residentId, requesterId: world.doctor.id, requestingInstitutionId: world.institutionId, expertId: world.expert.id, status: "COMPLETED" } });
    const candidates = await consentCandidates(db, world.patient, world.residentId);
    expect(candidates.careTeam.map((c) => c.username).sort()).toEqual([world.doctor.username, world.expert.username].sort());
    expect(candidates.institutions.some((i) => i.id === world.provincialId)).toBe(true);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { makeUser } from "@/server/consultation/testing";
import { getDb, type Db } from "@/server/db/client";
import { setHealthCardKeys } from "@/server/healthcard/keyStore";
import { randomTestKeys } from "@/server/healthcard/testKeys";
import { useTestDatabase } from "@/test/db";
import { emergencyAccessesOf, emergencyReviewList, emergencySchema, openEmergencyAccess, reviewEmergencyAccess } from "./emergency";
import { readSharedRecord } from "./read";
import { makeRecordWorld } from "./testing";

let db: Db;

beforeAll(async () => {
  await useTestDatabase();
  setHealthCardKeys(randomTestKeys());
  db = getDb();
});

const REASON = "患者昏迷送至急诊，需要过敏史和用药";

describe("emergency access (real database)", () => {
  it("a clinician without a relationship opens it by an exact identifier: bounded, audited, the admin and the resident told; then reads", async () => {
    const world = await makeRecordWorld(db);
    await expect(readSharedRecord(db, world.stranger, world.residentId)).rejects.toMatchObject({ status: 404 });
    const before = Date.now();
    const opened = await openEmergencyAccess(db, world.stranger, emergencySchema.parse({ identifier: world.cardId.toLowerCase(), reason: REASON }), "req-e");
    expect(opened).toMatchObject({ residentId: world.residentId, existing: false });
    expect(opened.expiresAt.getTime() - before).toBeGreaterThanOrEqual(4 * 3_600_000 - 1000);
    expect(opened.expiresAt.getTime() - before).toBeLessThanOrEqual(4 * 3_600_000 + 5000);
    const row = await db.emergencyAccess.findUniqueOrThrow({ where: { id: opened.id } });
    expect(row).toMatchObject({ userId: world.stranger.id, institutionId: world.strangerInstitutionId, reason: REASON, reviewOutcome: null });
    const audit = await db.auditLog.findFirst({ where: { action: "record.emergency.opened", targetId: world.residentId } });
    expect(audit).toMatchObject({ actorId: world.stranger.id, requestId: "req-e" });
    expect(audit!.details).toMatchObject({ ground: "emergencyAccess", hours: 4, reason: REASON, matchedBy: "cardId" });
    expect(await db.notification.count({ where: { userId: world.strangerAdmin.id, kind: "record.emergencyReview" } })).toBe(1);
    expect(await db.notification.count({ where: { userId: world.patient.id, kind: "record.emergencyOpened" } })).toBe(1);
    // The resident's own hospital's admin is not the reviewer.
    expect(await db.notification.count({ where: { userId: world.admin.id } })).toBe(0);
    expect((await readSharedRecord(db, world.stranger, world.residentId)).ground).toBe("emergencyAccess");
    // Asking again while it is in force answers the same access.
    const again = await openEmergencyAccess(db, world.stranger, emergencySchema.parse({ identifier: world.cardId, reason: REASON }));
    expect(again).toMatchObject({ id: opened.id, existing: true });
    // Shown to the resident.
    const shown = await emergencyAccessesOf(db, world.patient, world.residentId);
    expect(shown).toEqual([expect.objectContaining({ id: opened.id, reason: REASON, active: true, review: null, clinician: { name: world.stranger.displayName, role: "COUNTY_DOCTOR" }, institution: { name: "另一县医院", nameEn: null } })]);
    await expect(emergencyAccessesOf(db, world.stranger, world.residentId)).rejects.toMatchObject({ status: 404 });
  });

  it("refuses: no reason or a short one, more than 24 hours (400); a name instead of an exact identifier (400); an unknown identifier (404); roles without the action (403)", async () => {
    const world = await makeRecordWorld(db);
    expect(emergencySchema.safeParse({ identifier: world.cardId }).success).toBe(false);
    expect(emergencySchema.safeParse({ identifier: world.cardId, reason: "紧急" }).success).toBe(false);
    expect(emergencySchema.safeParse({ identifier: world.cardId, reason: REASON, hours: 25 }).success).toBe(false);
    expect(emergencySchema.safeParse({ identifier: world.cardId, reason: REASON, hours: 0 }).success).toBe(false);
    expect(emergencySchema.parse({ identifier: world.cardId, reason: `\u202E${REASON}` }).reason).toBe(REASON);
    // The resident's name finds them only in scope (the colleague's hospital), and a name is not exact.
    await expect(openEmergencyAccess(db, world.colleague, { identifier: "测试患者", reason: REASON, hours: 2 })).rejects.toMatchObject({ status: 400, messageKey: "record.emergency.exactIdentifier" });
    await expect(openEmergencyAccess(db, world.stranger, { identifier: "F".repeat(64), reason: REASON, hours: 2 })).rejects.toMatchObject({ status: 404, code: "RESIDENT_NOT_FOUND" });
    for (const who of [world.coordinator, world.admin, world.patient]) {
      await expect(openEmergencyAccess(db, who, { identifier: world.cardId, reason: REASON, hours: 2 })).rejects.toMatchObject({ status: 403 });
    }
    expect(await db.emergencyAccess.count({ where: { residentId: world.residentId } })).toBe(0);
  });

  it("expires: after its end the clinician reads no more", async () => {
    const world = await makeRecordWorld(db);
    const opened = await openEmergencyAccess(db, world.stranger, { identifier: world.cardId, reason: REASON, hours: 1 });
    await db.emergencyAccess.update({ where: { id: opened.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(readSharedRecord(db, world.stranger, world.residentId)).rejects.toMatchObject({ status: 404 });
    expect((await emergencyAccessesOf(db, world.patient, world.residentId))[0]).toMatchObject({ active: false });
  });

  it("the clinician's institution admin reviews once (409 after), another institution's admin gets 404; the clinician is told", async () => {
    const world = await makeRecordWorld(db);
    const opened = await openEmergencyAccess(db, world.stranger, { identifier: world.cardId, reason: REASON, hours: 2 });
    expect((await emergencyReviewList(db, world.strangerAdmin)).map((v) => v.id)).toContain(opened.id);
    expect((await emergencyReviewList(db, world.admin)).map((v) => v.id)).not.toContain(opened.id);
    await expect(reviewEmergencyAccess(db, world.admin, opened.id, { outcome: "JUSTIFIED", note: "" })).rejects.toMatchObject({ status: 404, code: "EMERGENCY_ACCESS_NOT_FOUND" });
    await expect(reviewEmergencyAccess(db, world.stranger, opened.id, { outcome: "JUSTIFIED", note: "" })).rejects.toMatchObject({ status: 403 });
    await reviewEmergencyAccess(db, world.strangerAdmin, opened.id, { outcome: "NOT_JUSTIFIED", note: "患者当时清醒，可以取得授权" }, "req-r");
    const row = await db.emergencyAccess.findUniqueOrThrow({ where: { id: opened.id } });
    expect(row).toMatchObject({ reviewOutcome: "NOT_JUSTIFIED", reviewNote: "患者当时清醒，可以取得授权", reviewedById: world.strangerAdmin.id });
    await expect(reviewEmergencyAccess(db, world.strangerAdmin, opened.id, { outcome: "JUSTIFIED", note: "" })).rejects.toMatchObject({ status: 409, code: "ALREADY_REVIEWED" });
    expect(await db.auditLog.count({ where: { action: "record.emergency.reviewed", targetId: world.residentId, requestId: "req-r" } })).toBe(1);
    expect(await db.notification.count({ where: { userId: world.stranger.id, kind: "record.emergencyReviewed.NOT_JUSTIFIED" } })).toBe(1);
    const shown = await emergencyAccessesOf(db, world.patient, world.residentId);
    expect(shown[0]!.review).toMatchObject({ outcome: "NOT_JUSTIFIED", by: world.strangerAdmin.displayName });
    await expect(reviewEmergencyAccess(db, world.strangerAdmin, "00000000-0000-4000-8000-000000000000", { outcome: "JUSTIFIED", note: "" })).rejects.toMatchObject({ status: 404 });
  });

  it("a clinician without an institution cannot open one", async () => {
    const world = await makeRecordWorld(db);
    const loose = await makeUser(db, "SPECIALIST", null);
    await expect(openEmergencyAccess(db, loose, { identifier: world.cardId, reason: REASON, hours: 2 })).rejects.toMatchObject({ status: 403 });
  });
});

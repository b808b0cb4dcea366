import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { makeConsultation, makeUser } from "@/server/consultation/testing";
import { getDb, type Db } from "@/server/db/client";
import { setHealthCardKeys } from "@/server/healthcard/keyStore";
import { makeResidentId, randomTestKeys } from "@/server/healthcard/testKeys";
import { shanghaiDateKey } from "@/server/scheduling/time";
import { useTestDatabase } from "@/test/db";
import { grantConsent } from "./consent";
import { endFamilyLink, familyLinksOf, linkFamilyMember, managedQrCodes, managedRecords, registerChildOnline, resolveManagedRecord } from "./family";
import { readSharedRecord } from "./read";
import { myConsultation, myConsultations } from "./readConsultation";
import { makeRecordWorld } from "./testing";

const keys = randomTestKeys();
let db: Db;

beforeAll(async () => {
  await useTestDatabase();
  setHealthCardKeys(keys);
  db = getDb();
});

describe("family members (real database)", () => {
  it("staff of the resident's institution link a family member's account: audited, notified; the family member reads and manages the record", async () => {
    const world = await makeRecordWorld(db);
    const daughter = await makeUser(db, "PATIENT", null);
    const link = await linkFamilyMember(db, world.doctor, world.residentId, { guardianUsername: daughter.username, relationship: "CHILD" }, "req-f");
    expect(link).toMatchObject({ guardianUserId: daughter.id, relationship: "CHILD", establishedById: world.doctor.id, endedAt: null });
    const audit = await db.auditLog.findFirst({ where: { action: "family.linked", targetId: world.residentId } });
    expect(audit).toMatchObject({ actorId: world.doctor.id, requestId: "req-f" });
    expect(audit!.details).toMatchObject({ guardianUserId: daughter.id, relationship: "CHILD", by: "window" });
    expect(await db.notification.count({ where: { userId: daughter.id, kind: "record.familyLinked" } })).toBe(1);
    expect(await managedRecords(db, daughter)).toEqual([{ residentId: world.residentId, name: "测试患者", self: false, relationship: "CHILD" }]);
    expect((await resolveManagedRecord(db, daughter, world.residentId)).current?.residentId).toBe(world.residentId);
    expect((await readSharedRecord(db, daughter, world.residentId)).ground).toBe("guardian");
    const consent = await grantConsent(db, daughter, { residentId: world.residentId, granteeUsername: world.stranger.username, categories: [], expiresOn: shanghaiDateKey(new Date(Date.now() + 86_400_000)), purpose: "复诊" });
    expect(consent.grantedById).toBe(daughter.id);
    expect((await familyLinksOf(db, world.patient, world.residentId)).map((l) => l.guardian.username)).toEqual([daughter.username]);
    expect((await familyLinksOf(db, world.admin, world.residentId))).toHaveLength(1);
    // The QR codes of the family member's card.
    const codes = await managedQrCodes(db, daughter, world.residentId, keys);
    expect(codes.static).toBe(`${world.cardId}:1`);
  });

  it("refuses: staff of another institution (404), a non-patient or unknown account (400), the resident's own account (400), a second link (409)", async () => {
    const world = await makeRecordWorld(db);
    const son = await makeUser(db, "PATIENT", null);
    await expect(linkFamilyMember(db, world.stranger, world.residentId, { guardianUsername: son.username, relationship: "CHILD" })).rejects.toMatchObject({ status: 404 });
    await expect(linkFamilyMember(db, world.strangerAdmin, world.residentId, { guardianUsername: son.username, relationship: "CHILD" })).rejects.toMatchObject({ status: 404 });
    await expect(linkFamilyMember(db, world.expert, world.residentId, { guardianUsername: son.username, relationship: "CHILD" })).rejects.toMatchObject({ status: 403 });
    await expect(linkFamilyMember(db, world.doctor, world.residentId, { guardianUsername: world.colleague.username, relationship: "CHILD" })).rejects.toMatchObject({ status: 400, messageKey: "record.family.noSuchAccount" });
    await expect(linkFamilyMember(db, world.doctor, world.residentId, { guardianUsername: "nobody-at-all", relationship: "CHILD" })).rejects.toMatchObject({ status: 400 });
    await expect(linkFamilyMember(db, world.doctor, world.residentId, { guardianUsername: world.patient.username, relationship: "CHILD" })).rejects.toMatchObject({ status: 400, messageKey: "record.family.selfLink" });
    await linkFamilyMember(db, world.admin, world.residentId, { guardianUsername: son.username, relationship: "CHILD" });
    await expect(linkFamilyMember(db, world.doctor, world.residentId, { guardianUsername: son.username, relationship: "GUARDIAN" })).rejects.toMatchObject({ status: 409 });
    await expect(managedQrCodes(db, world.stranger, world.residentId, keys)).rejects.toMatchObject({ status: 404 });
  });

  it("ends: by the family member, by the resident, or by staff; then the family member no longer reads; others get 404", async () => {
    const world = await makeRecordWorld(db);
    const [a, b, c] = [await makeUser(db, "PATIENT", null), await makeUser(db, "PATIENT", null), await makeUser(db, "PATIENT", null)];
    const links = [];
    for (const who of [a, b, c]) links.push(await linkFamilyMember(db, world.doctor, world.residentId, { guardianUsername: who.username, relationship: "SPOUSE" }));
    await expect(endFamilyLink(db, world.stranger, links[0]!.id)).rejects.toMatchObject({ status: 404, code: "FAMILY_LINK_NOT_FOUND" });
    const outsider = await makeUser(db, "PATIENT", null);
    await expect(endFamilyLink(db, outsider, links[0]!.id)).rejects.toMatchObject({ status: 404 });
    expect((await endFamilyLink(db, a, links[0]!.id)).endedById).toBe(a.id);
    expect((await endFamilyLink(db, world.patient, links[1]!.id)).endedById).toBe(world.patient.id);
    expect((await endFamilyLink(db, world.colleague, links[2]!.id)).endedById).toBe(world.colleague.id);
    await expect(readSharedRecord(db, a, world.residentId)).rejects.toMatchObject({ status: 404 });
    await expect(resolveManagedRecord(db, a, world.residentId)).rejects.toMatchObject({ status: 404 });
    expect(await db.auditLog.count({ where: { action: "family.ended", targetId: world.residentId } })).toBe(3);
  });

  it("a parent registers a child online: a card without an account, linked to the parent; an adult or a taken document is refused", async () => {
    const parent = await makeUser(db, "PATIENT", null);
    const birth = shanghaiDateKey(new Date(Date.now() - 5 * 365 * 86_400_000)).replaceAll("-", "");
    const docNumber = makeResidentId(randomInt(1, 998), "441424", birth);
    const made = await registerChildOnline(db, parent, keys, { docType: "01", docNumber, name: "小明" });
    const child = await db.resident.findUniqueOrThrow({ where: { id: made.residentId }, include: { card: true } });
    expect(child).toMatchObject({ userId: null, verified: false, name: "小明" });
    expect(child.card?.channel).toBe("ONLINE");
    expect(await managedRecords(db, parent)).toEqual([{ residentId: made.residentId, name: "小明", self: false, relationship: "PARENT" }]);
    expect((await readSharedRecord(db, parent, made.residentId)).ground).toBe("guardian");
    await expect(registerChildOnline(db, parent, keys, { docType: "01", docNumber, name: "小明" })).rejects.toMatchObject({ status: 409, code: "DOCUMENT_TAKEN" });
    const adult = makeResidentId(randomInt(1, 998), "441424", "19700101");
    await expect(registerChildOnline(db, parent, keys, { docType: "01", docNumber: adult, name: "老王" })).rejects.toMatchObject({ status: 400, messageKey: "record.family.childOnly" });
    await expect(registerChildOnline(db, parent, keys, { docType: "01", docNumber: "123", name: "小红" })).rejects.toMatchObject({ status: 400 });
  });
});

describe("the resident's own consultations (consultation.own)", () => {
  it("the resident and their family member open it with the signed opinion verified; staff, other patients and drafts get 404", async () => {
    const world = await makeRecordWorld(db);
    const completed = await makeConsultation(db, world, { status: "COMPLETED", expertId: world.expert.id, clinicalSummary: "胸闷三个月", question: "是否需要造影？" });
    const draft = await makeConsultation(db, world);
    const { generateSm2KeyPair, sm2Sign } = await import("@/server/crypto/sm2");
    const { canonicalOpinionText } = await import("@/server/consultation/opinion");
    const pair = generateSm2KeyPair();
    const signed = { consultationId: completed.id, version: 1, authorId: world.expert.id, findings: "心电图正常", impression: "稳定型心绞痛", recommendations: "冠脉 CTA", referralDecision: "TREAT_LOCALLY_WITH_FOLLOW_UP" as const, signedAt: new Date() };
    await db.consultationOpinion.create({ data: { ...signed, signature: sm2Sign(canonicalOpinionText(signed), pair.privateKey), publicKey: pair.publicKey } });
    await db.followUpAdvice.create({ data: { consultationId: completed.id, residentId: world.residentId, authorId: world.expert.id, body: "少盐少油，按时服药" } });

    const mine = await myConsultation(db, world.patient, completed.id);
    expect(mine.opinion).toMatchObject({ impression: "稳定型心绞痛", author: world.expert.displayName, verification: { valid: true } });
    expect(mine.advice.map((a) => a.body)).toEqual(["少盐少油，按时服药"]);
    expect(mine.clinicalSummary).toBe("胸闷三个月");
    expect((await myConsultations(db, world.patient, world.residentId)).map((c) => [c.id, c.hasOpinion])).toEqual([[completed.id, true]]);
    const parent = await makeUser(db, "PATIENT", null);
    await db.familyLink.create({ data: { guardianUserId: parent.id, residentId: world.residentId, relationship: "CHILD", establishedById: world.doctor.id } });
    expect((await myConsultation(db, parent, completed.id)).number).toBe(completed.number);
    const other = await makeUser(db, "PATIENT", null);
    await expect(myConsultation(db, other, completed.id)).rejects.toMatchObject({ status: 404, code: "CONSULTATION_NOT_FOUND" });
    await expect(myConsultation(db, world.patient, draft.id)).rejects.toMatchObject({ status: 404 });
    await expect(myConsultation(db, world.doctor, completed.id)).rejects.toMatchObject({ status: 403 });
    await expect(myConsultations(db, other, world.residentId)).rejects.toMatchObject({ status: 404 });
  });
});

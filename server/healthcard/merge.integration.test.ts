import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { translate, type MessageKey } from "@/lib/i18n";
import { unique, useTestDatabase } from "@/test/db";
import type { SessionUser } from "@/server/auth/signIn";
import { adviceForPatient } from "@/server/consultation/advice";
import { getDb } from "@/server/db/client";
import type { UserRole } from "@/server/access/policy";
import { maskCardId } from "./cardId";
import { setHealthCardKeys } from "./keyStore";
import { findResidents } from "./lookup";
import { mergeResidents, previewMerge } from "./merge";
import { registerAtWindow } from "./residents";
import { makeResidentId, randomTestKeys } from "./testKeys";

const keys = randomTestKeys();
let institution: { id: string; code: string; name: string };
let clerk: SessionUser;

async function user(role: UserRole, institutionId: string | null = null): Promise<SessionUser> {
  const row = await getDb().user.create({ data: { username: unique(role.toLowerCase()), passwordHash: "x", displayName: "测试", role, institutionId } });
  return { id: row.id, username: row.username, displayName: row.displayName, role, institutionId };
}

const idFor = () => makeResidentId(randomInt(1, 998), "441424", `19${randomInt(30, 99)}0${randomInt(1, 9)}1${randomInt(0, 9)}`);
const visitCard = () => unique("VC").toUpperCase().replace(/_/g, "-");

/** Two window-issued records of one person (resident ID and passport), each with a visit card. */
async function duplicatePair(options: { intoAccount?: SessionUser; fromAccount?: SessionUser } = {}) {
  const name = "合并测试";
  const intoVisit = visitCard();
  const fromVisit = visitCard();
  const into = await registerAtWindow(getDb(), clerk, keys, { docType: "01", docNumber: idFor(), name, visitCardNumber: intoVisit, portalUsername: options.intoAccount?.username ?? null });
  const passport = `E${randomInt(10_000_000, 99_999_999)}`;
  const from = await registerAtWindow(getDb(), clerk, keys, { docType: "03", docNumber: passport, name, sex: "female", birthDate: "1971-05-06", visitCardNumber: fromVisit, portalUsername: options.fromAccount?.username ?? null });
  return { into, from, intoVisit, fromVisit, passport };
}

/** A consultation with one piece of follow-up advice for the resident. */
async function consultationWithAdvice(residentId: string) {
  const consultation = await getDb().consultation.create({
    data: { number: unique("HZ").slice(0, 24), type: "REMOTE_CONSULTATION", specialty: "CARD", residentId, requesterId: clerk.id, requestingInstitutionId: institution.id },
  });
  const advice = await getDb().followUpAdvice.create({ data: { consultationId: consultation.id, residentId, authorId: clerk.id, body: "低盐饮食，两周后复查。" } });
  return { consultationId: consultation.id, adviceId: advice.id };
}

const message = (key: MessageKey) => translate("zh-CN", key);

describe("merge preview and merge (real PostgreSQL)", () => {
  beforeAll(async () => {
    await useTestDatabase();
    setHealthCardKeys(keys);
    const code = unique("M").toUpperCase().slice(0, 20);
    const row = await getDb().institution.create({ data: { code, name: "合并测试县医院", nameEn: "Merge Test County Hospital", level: "COUNTY", regionCode: "441424" } });
    institution = { id: row.id, code, name: row.name };
    clerk = await user("INSTITUTION_ADMIN", row.id);
  });

  it("previews both records side by side and what would move, changing nothing", async () => {
    const { into, from, intoVisit, fromVisit } = await duplicatePair();
    await consultationWithAdvice(from.residentId);
    await consultationWithAdvice(from.residentId);
    await consultationWithAdvice(into.residentId);

    const preview = await previewMerge(getDb(), clerk, { intoResidentId: into.residentId, fromResidentId: from.residentId });

    expect(preview.into.resident).toMatchObject({ id: into.residentId, cardIdMasked: maskCardId(into.cardId), cardStatus: "ACTIVE", cardInstitution: { name: institution.name, nameEn: "Merge Test County Hospital" } });
    expect(preview.from.resident).toMatchObject({ id: from.residentId, sex: "FEMALE", birthDate: "1971-05-06", docType: "03", cardIdMasked: maskCardId(from.cardId) });
    expect(preview.from.resident.docNumberMasked).toMatch(/\*/);
    expect(preview.into.identifiers).toEqual([expect.objectContaining({ kind: "VISIT_CARD", issuer: institution.code, value: intoVisit, issuerName: { name: institution.name, nameEn: "Merge Test County Hospital" } })]);
    expect(preview.from.identifiers.map((i) => i.value)).toEqual([fromVisit]);
    expect(preview.into).toMatchObject({ consultations: 1, followUpAdvice: 1 });
    expect(preview.from).toMatchObject({ consultations: 2, followUpAdvice: 2 });
    expect(preview.effect).toEqual({ identifiersMoved: 1, consultationsMoved: 2, adviceMoved: 2, accountMoved: false, retiredCardIdMasked: maskCardId(from.cardId) });

    // Nothing changed: the duplicate still has its card, identifiers and consultations.
    expect((await getDb().healthCard.findUniqueOrThrow({ where: { residentId: from.residentId } })).status).toBe("ACTIVE");
    expect(await getDb().residentIdentifier.count({ where: { residentId: from.residentId } })).toBe(1);
    expect(await getDb().consultation.count({ where: { residentId: from.residentId } })).toBe(2);
    expect(await getDb().auditLog.count({ where: { action: "ehc.resident.mergePreviewed", targetId: into.residentId, actorId: clerk.id } })).toBe(1);
  });

  it("merging moves identifiers, consultations and advice to the survivor; the portal account follows with its advice", async () => {
    const account = await user("PATIENT");
    const { into, from, fromVisit } = await duplicatePair({ fromAccount: account });
    const { consultationId, adviceId } = await consultationWithAdvice(from.residentId);
    const preview = await previewMerge(getDb(), clerk, { intoResidentId: into.residentId, fromResidentId: from.residentId });
    expect(preview.effect).toMatchObject({ consultationsMoved: 1, adviceMoved: 1, accountMoved: true });

    const result = await mergeResidents(getDb(), clerk, { intoResidentId: into.residentId, fromResidentId: from.residentId, reason: "同一人，护照与身份证分别建档" });

    expect(result.intoResidentId).toBe(into.residentId);
    expect((await getDb().consultation.findUniqueOrThrow({ where: { id: consultationId } })).residentId).toBe(into.residentId);
    expect((await getDb().followUpAdvice.findUniqueOrThrow({ where: { id: adviceId } })).residentId).toBe(into.residentId);
    expect((await findResidents(getDb(), clerk, { text: fromVisit })).map((r) => r.id)).toEqual([into.residentId]);
    expect((await adviceForPatient(getDb(), account)).map((a) => a.id)).toEqual([adviceId]);
    const merge = await getDb().residentMerge.findUniqueOrThrow({ where: { id: result.mergeId } });
    expect(merge.details).toMatchObject({ movedConsultationIds: [consultationId], movedAdviceIds: [adviceId], retiredCardId: from.cardId, movedAccount: true });
  });

  it("each bad request gets its own message: same record and already merged 422, unknown record 404, no reason 400, two accounts 422, wrong role 403", async () => {
    const { into, from } = await duplicatePair();
    const pair = { intoResidentId: into.residentId, fromResidentId: from.residentId };

    // The same record on both sides.
    const self = { intoResidentId: into.residentId, fromResidentId: into.residentId };
    for (const attempt of [() => previewMerge(getDb(), clerk, self), () => mergeResidents(getDb(), clerk, { ...self, reason: "重复建档合并" })]) {
      await expect(attempt()).rejects.toMatchObject({ status: 422, code: "MERGE_INVALID", messageKey: "healthCard.merge.sameRecord" });
    }
    expect(message("healthCard.merge.sameRecord")).toBe("不能把记录与自身合并。");

    // A record that does not exist.
    const ghost = { intoResidentId: into.residentId, fromResidentId: "00000000-0000-4000-8000-000000000000" };
    for (const attempt of [() => previewMerge(getDb(), clerk, ghost), () => mergeResidents(getDb(), clerk, { ...ghost, reason: "重复建档合并" })]) {
      await expect(attempt()).rejects.toMatchObject({ status: 404, code: "RESIDENT_NOT_FOUND" });
    }

    // No reason, a blank one, one too short after trimming, one too long.
    for (const reason of ["", "   ", " 重复 ", "理".repeat(501)]) {
      await expect(mergeResidents(getDb(), clerk, { ...pair, reason }), JSON.stringify(reason.slice(0, 8))).rejects.toMatchObject({ status: 400, messageKey: "healthCard.merge.reasonRequired" });
    }
    expect(message("healthCard.merge.reasonRequired")).toContain("合并原因");

    // Roles that may not merge, and may not preview either.
    for (const role of ["PATIENT", "SPECIALIST", "COORDINATOR"] as const) {
      const actor = await user(role);
      await expect(previewMerge(getDb(), actor, pair), role).rejects.toMatchObject({ status: 403 });
      await expect(mergeResidents(getDb(), actor, { ...pair, reason: "重复建档合并" }), role).rejects.toMatchObject({ status: 403 });
    }

    // Once merged, the duplicate cannot be previewed or merged again, in either direction.
    await mergeResidents(getDb(), clerk, { ...pair, reason: "重复建档合并" });
    const reversed = { intoResidentId: from.residentId, fromResidentId: into.residentId };
    for (const attempt of [() => previewMerge(getDb(), clerk, pair), () => mergeResidents(getDb(), clerk, { ...pair, reason: "再次合并" }), () => previewMerge(getDb(), clerk, reversed)]) {
      await expect(attempt()).rejects.toMatchObject({ status: 422, messageKey: "healthCard.merge.alreadyMerged" });
    }

    // Both records have their own portal account.
    const accounts = await duplicatePair({ intoAccount: await user("PATIENT"), fromAccount: await user("PATIENT") });
    const both = { intoResidentId: accounts.into.residentId, fromResidentId: accounts.from.residentId };
    for (const attempt of [() => previewMerge(getDb(), clerk, both), () => mergeResidents(getDb(), clerk, { ...both, reason: "重复建档合并" })]) {
      await expect(attempt()).rejects.toMatchObject({ status: 422, messageKey: "healthCard.merge.twoAccounts" });
    }
  });
});

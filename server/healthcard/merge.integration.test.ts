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
import { getResidentDetail } from "./residentDetail";
import { unmergeResidents } from "./unmerge";
import { registerAtWindow } from "./residents";
import { makeResidentId, randomTestKeys } from "./testKeys";

const keys = randomTestKeys();
let institution: { id: string; code: string; name: string };
let clerk: SessionUser;

async function user(role: UserRole, institutionId: string | null = null): Promise<SessionUser> {
  const row = await getDb().user.create({ data: { username: unique(role.toLowerCase()), passwordHash: "x", displayName: "测试", role, institutionId } });
  return { id: row.id, username: row.username, displayName: row.displayName, role, institutionId };
}

/** A resident ID of a person born on `birth` (YYYYMMDD), male or female (the sequence's parity). */
function idOf(birth: string, sex: "male" | "female"): string {
  for (;;) {
    const n = randomInt(1, 998);
    if (((n % 999) + 1) % 2 === (sex === "male" ? 1 : 0)) return makeResidentId(n, "441424", birth);
  }
}
const randomBirth = () => `19${randomInt(30, 99)}0${randomInt(1, 9)}1${randomInt(0, 9)}`;
const isoOf = (birth: string) => `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
const visitCard = () => unique("VC").toUpperCase().replace(/_/g, "-");

/** Two window-issued records of one person (resident ID and passport: same sex and birth date), each with a visit card. */
async function duplicatePair(options: { intoAccount?: SessionUser; fromAccount?: SessionUser } = {}) {
  const name = "合并测试";
  const intoVisit = visitCard();
  const fromVisit = visitCard();
  const birth = randomBirth();
  const into = await registerAtWindow(getDb(), clerk, keys, { docType: "01", docNumber: idOf(birth, "female"), name, visitCardNumber: intoVisit, portalUsername: options.intoAccount?.username ?? null });
  const passport = `E${randomInt(10_000_000, 99_999_999)}`;
  const from = await registerAtWindow(getDb(), clerk, keys, { docType: "03", docNumber: passport, name, sex: "female", birthDate: isoOf(birth), visitCardNumber: fromVisit, portalUsername: options.fromAccount?.username ?? null });
  return { into, from, intoVisit, fromVisit, passport, birthDate: isoOf(birth) };
}

/** The 陈晓梅 case: one name, two valid resident IDs, a woman born 1978 and a man born 1970. */
async function twoPeopleOfOneName() {
  const name = "陈晓梅";
  const fromVisit = visitCard();
  const woman = await registerAtWindow(getDb(), clerk, keys, { docType: "01", docNumber: idOf(`1978${String(randomInt(1, 13)).padStart(2, "0")}1${randomInt(0, 9)}`, "female"), name, visitCardNumber: visitCard() });
  const man = await registerAtWindow(getDb(), clerk, keys, { docType: "01", docNumber: idOf(`1970${String(randomInt(1, 13)).padStart(2, "0")}2${randomInt(0, 9)}`, "male"), name, visitCardNumber: fromVisit });
  return { into: woman, from: man, fromVisit };
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
    expect(into.residentId).not.toBe(from.residentId);
    await consultationWithAdvice(from.residentId);
    await consultationWithAdvice(from.residentId);
    await consultationWithAdvice(into.residentId);

    const preview = await previewMerge(getDb(), clerk, { intoResidentId: into.residentId, fromResidentId: from.residentId });

    expect(preview.into.resident).toMatchObject({ id: into.residentId, cardIdMasked: maskCardId(into.cardId), cardStatus: "ACTIVE", cardInstitution: { name: institution.name, nameEn: "Merge Test County Hospital" } });
    expect(preview.from.resident).toMatchObject({ id: from.residentId, sex: "FEMALE", birthDate: preview.into.resident.birthDate, docType: "03", cardIdMasked: maskCardId(from.cardId) });
    expect(preview).toMatchObject({ conflicts: [], canOverride: true });
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
  it("refuses to merge two people of one name (two resident IDs, another sex and birth date) unless an institution admin overrides with a second reason", async () => {
    const { into, from } = await twoPeopleOfOneName();
    const pair = { intoResidentId: into.residentId, fromResidentId: from.residentId };
    const doctor = await user("COUNTY_DOCTOR", institution.id);

    // The preview shows the conflict, and who may override it.
    expect(await previewMerge(getDb(), clerk, pair)).toMatchObject({ conflicts: ["docNumber", "sex", "birthDate"], canOverride: true });
    expect(await previewMerge(getDb(), doctor, pair)).toMatchObject({ conflicts: ["docNumber", "sex", "birthDate"], canOverride: false });

    // Without an override: 409 naming each field, for the admin and the doctor alike; nothing moved.
    for (const actor of [clerk, doctor]) {
      const refusal = mergeResidents(getDb(), actor, { ...pair, reason: "姓名相同，疑似重复建档" });
      await expect(refusal).rejects.toMatchObject({ status: 409, code: "MERGE_IDENTITY_CONFLICT", details: { conflicts: ["docNumber", "sex", "birthDate"] } });
    }
    const refusedText = message("healthCard.merge.conflict.docNumber.sex.birthDate");
    for (const field of ["证件号码", "性别", "出生日期"]) expect(refusedText).toContain(field);
    expect((await getDb().healthCard.findUniqueOrThrow({ where: { residentId: from.residentId } })).status).toBe("ACTIVE");
    expect((await getDb().resident.findUniqueOrThrow({ where: { id: from.residentId } })).mergedIntoId).toBeNull();
    expect(await getDb().residentMerge.count({ where: { fromResidentId: from.residentId } })).toBe(0);

    // A county doctor may not override (403); the admin's override needs a reason of its own, 4 to 500 characters.
    await expect(mergeResidents(getDb(), doctor, { ...pair, reason: "姓名相同，疑似重复建档", overrideReason: "已核对户口本，确为同一人" })).rejects.toMatchObject({ status: 403, messageKey: "healthCard.merge.overrideForbidden" });
    await expect(mergeResidents(getDb(), clerk, { ...pair, reason: "姓名相同，疑似重复建档", overrideReason: "同一人" })).rejects.toMatchObject({ status: 400, messageKey: "healthCard.merge.overrideReasonRequired" });
    await expect(mergeResidents(getDb(), clerk, { ...pair, reason: "姓名相同，疑似重复建档", overrideReason: " 姓名相同，疑似重复建档 " })).rejects.toMatchObject({ status: 400, messageKey: "healthCard.merge.overrideReasonSame" });

    const result = await mergeResidents(getDb(), clerk, { ...pair, reason: "姓名相同，疑似重复建档", overrideReason: "已核对户口本，性别与出生日期为录入错误" });
    expect(result.conflicts).toEqual(["docNumber", "sex", "birthDate"]);
    const merge = await getDb().residentMerge.findUniqueOrThrow({ where: { id: result.mergeId } });
    expect(merge).toMatchObject({ conflicts: ["docNumber", "sex", "birthDate"], overrideReason: "已核对户口本，性别与出生日期为录入错误", reason: "姓名相同，疑似重复建档", fromCardStatus: "ACTIVE" });
    const override = await getDb().auditLog.findFirstOrThrow({ where: { action: "ehc.resident.mergeOverridden", targetId: into.residentId } });
    expect(override).toMatchObject({ actorId: clerk.id, details: { mergeId: result.mergeId, fromResidentId: from.residentId, conflicts: ["docNumber", "sex", "birthDate"], overrideReason: "已核对户口本，性别与出生日期为录入错误" } });
    expect(await getDb().auditLog.count({ where: { action: "ehc.resident.merged", targetId: into.residentId } })).toBe(1);
  });

  it("an unmerge restores both records: identifiers, consultations, advice, the card and the account go back; the history keeps both steps", async () => {
    const account = await user("PATIENT");
    const { into, from, intoVisit, fromVisit } = await duplicatePair({ fromAccount: account });
    const fromHistory = await consultationWithAdvice(from.residentId);
    const intoHistory = await consultationWithAdvice(into.residentId);
    const { mergeId } = await mergeResidents(getDb(), clerk, { intoResidentId: into.residentId, fromResidentId: from.residentId, reason: "同一人，护照与身份证分别建档" });
    expect(await getDb().residentMergeMove.count({ where: { mergeId } })).toBe(3);
    // After the merge the survivor gets a consultation of its own: it stays there.
    const later = await consultationWithAdvice(into.residentId);
    const doctor = await user("COUNTY_DOCTOR", institution.id);

    // Who may not, and bad requests.
    await expect(unmergeResidents(getDb(), doctor, { mergeId, reason: "合并有误，两人不同" })).rejects.toMatchObject({ status: 403 });
    await expect(unmergeResidents(getDb(), clerk, { mergeId, reason: "错" })).rejects.toMatchObject({ status: 400, messageKey: "healthCard.unmerge.reasonRequired" });
    await expect(unmergeResidents(getDb(), clerk, { mergeId: "00000000-0000-4000-8000-000000000000", reason: "合并有误，两人不同" })).rejects.toMatchObject({ status: 404, code: "RESIDENT_MERGE_NOT_FOUND" });
    const otherInstitution = await getDb().institution.create({ data: { code: unique("O").toUpperCase().slice(0, 20), name: "别的医院", level: "COUNTY", regionCode: "441424" } });
    await expect(unmergeResidents(getDb(), await user("INSTITUTION_ADMIN", otherInstitution.id), { mergeId, reason: "合并有误，两人不同" })).rejects.toMatchObject({ status: 404 });

    const result = await unmergeResidents(getDb(), clerk, { mergeId, reason: "合并有误，两人不同" });
    expect(result).toMatchObject({ restored: { IDENTIFIER: 1, CONSULTATION: 1, FOLLOW_UP_ADVICE: 1 }, notRestored: 0, cardRestored: true, accountRestored: true });

    const [intoRow, fromRow] = await Promise.all([into.residentId, from.residentId].map((id) => getDb().resident.findUniqueOrThrow({ where: { id }, include: { card: true, identifiers: true } })));
    expect(fromRow).toMatchObject({ mergedIntoId: null, mergedAt: null, userId: account.id, card: { status: "ACTIVE" } });
    expect(intoRow).toMatchObject({ mergedIntoId: null, userId: null, card: { status: "ACTIVE" } });
    expect(fromRow!.identifiers.map((i) => i.value)).toEqual([fromVisit]);
    expect(intoRow!.identifiers.map((i) => i.value)).toEqual([intoVisit]);
    const residentOf = async (consultationId: string) => (await getDb().consultation.findUniqueOrThrow({ where: { id: consultationId } })).residentId;
    expect(await residentOf(fromHistory.consultationId)).toBe(from.residentId);
    expect(await residentOf(intoHistory.consultationId)).toBe(into.residentId);
    expect(await residentOf(later.consultationId)).toBe(into.residentId);
    expect((await getDb().followUpAdvice.findUniqueOrThrow({ where: { id: fromHistory.adviceId } })).residentId).toBe(from.residentId);
    // Lookups find each record again, and the account sees its own advice.
    expect((await findResidents(getDb(), clerk, { text: fromVisit })).map((r) => r.id)).toEqual([from.residentId]);
    expect((await adviceForPatient(getDb(), account)).map((a) => a.id)).toEqual([fromHistory.adviceId]);

    // The history keeps both steps, on both records; every step is audited.
    for (const id of [into.residentId, from.residentId]) {
      const detail = await getResidentDetail(getDb(), clerk, id);
      expect(detail.merges).toEqual([expect.objectContaining({ id: mergeId, reason: "同一人，护照与身份证分别建档", mergedBy: "测试", undone: expect.objectContaining({ reason: "合并有误，两人不同", by: "测试" }) })]);
    }
    const unmerged = await getDb().auditLog.findFirstOrThrow({ where: { action: "ehc.resident.unmerged", targetId: into.residentId } });
    expect(unmerged).toMatchObject({ actorId: clerk.id, details: { mergeId, fromResidentId: from.residentId, reason: "合并有误，两人不同", cardRestored: true } });

    // Undone once: a second time is refused; the two records can be merged again.
    await expect(unmergeResidents(getDb(), clerk, { mergeId, reason: "再次撤销合并" })).rejects.toMatchObject({ status: 422, messageKey: "healthCard.unmerge.alreadyUndone" });
    await mergeResidents(getDb(), clerk, { intoResidentId: into.residentId, fromResidentId: from.residentId, reason: "复核后确认同一人" });
  });

  it("an unmerge waits for a later merge of the survivor to be undone first", async () => {
    const first = await duplicatePair();
    const { mergeId } = await mergeResidents(getDb(), clerk, { intoResidentId: first.into.residentId, fromResidentId: first.from.residentId, reason: "同一人，重复建档" });
    const third = await registerAtWindow(getDb(), clerk, keys, { docType: "03", docNumber: `G${randomInt(10_000_000, 99_999_999)}`, name: "合并测试", sex: "female", birthDate: first.birthDate, visitCardNumber: visitCard() });
    const second = await mergeResidents(getDb(), clerk, { intoResidentId: third.residentId, fromResidentId: first.into.residentId, reason: "同一人，第三次建档" });
    await expect(unmergeResidents(getDb(), clerk, { mergeId, reason: "合并有误，两人不同" })).rejects.toMatchObject({ status: 422, messageKey: "healthCard.unmerge.survivorMerged" });
    await unmergeResidents(getDb(), clerk, { mergeId: second.mergeId, reason: "第二次合并有误" });
    await expect(unmergeResidents(getDb(), clerk, { mergeId, reason: "合并有误，两人不同" })).resolves.toMatchObject({ cardRestored: true });
  });
});

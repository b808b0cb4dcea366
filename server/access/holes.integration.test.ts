/**
 * The data-boundary holes a security review found (issue 9), each reproduced through the domain
 * as the review did it. Before the access policy every one of these calls succeeded.
 */
import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/auth/signIn";
import { getConsultation, listConsultations } from "@/server/consultation/requests";
import { makeConsultation, makeUser } from "@/server/consultation/testing";
import { getDb } from "@/server/db/client";
import { setHealthCardKeys } from "@/server/healthcard/keyStore";
import { linkIdentifier } from "@/server/healthcard/identifiers";
import { findResidents, getResidentSummary } from "@/server/healthcard/lookup";
import { mergeResidents, previewMerge } from "@/server/healthcard/merge";
import { registerAtWindow, verifyResident } from "@/server/healthcard/residents";
import { makeResidentId, randomTestKeys } from "@/server/healthcard/testKeys";
import { createMeeting, listRoomsFor, roleInRoom } from "@/server/video/rooms";
import { unique, useTestDatabase } from "@/test/db";

const keys = randomTestKeys();
const NOT_FOUND = { status: 404, code: "RESIDENT_NOT_FOUND" };

interface Hospital {
  id: string;
  code: string;
  doctor: SessionUser;
  admin: SessionUser;
}

let wuhua: Hospital;
let zijin: Hospital;
let provincial: { id: string; cardiologist: SessionUser; endocrinologist: SessionUser; coordinator: SessionUser; platformAdmin: SessionUser };

async function hospital(name: string): Promise<Hospital> {
  const row = await getDb().institution.create({ data: { code: unique("H").slice(0, 20).toUpperCase(), name, level: "COUNTY", regionCode: "441424" } });
  return { id: row.id, code: row.code, doctor: await makeUser(getDb(), "COUNTY_DOCTOR", row.id), admin: await makeUser(getDb(), "INSTITUTION_ADMIN", row.id) };
}

const surname = () => `边界${String.fromCodePoint(0x4e00 + randomInt(0, 2000))}${String.fromCodePoint(0x4e00 + randomInt(0, 2000))}`;
const idNumber = () => makeResidentId(randomInt(1, 998), "441424", `19${randomInt(30, 99)}0${randomInt(1, 9)}1${randomInt(0, 9)}`);

/** A resident registered at the window of `at`. */
async function residentOf(at: Hospital, name = surname()) {
  const docNumber = idNumber();
  const card = await registerAtWindow(getDb(), at.doctor, keys, { docType: "01", docNumber, name });
  return { ...card, name, docNumber };
}

beforeAll(async () => {
  await useTestDatabase();
  setHealthCardKeys(keys);
  wuhua = await hospital("五华县人民医院");
  zijin = await hospital("紫金县人民医院");
  const db = getDb();
  const province = await db.institution.create({ data: { code: unique("P").slice(0, 20).toUpperCase(), name: "省人民医院", level: "PROVINCIAL", regionCode: "440100" } });
  const cardiology = await db.department.create({ data: { institutionId: province.id, code: "CARD", name: "心内科" } });
  const endocrinology = await db.department.create({ data: { institutionId: province.id, code: "ENDO", name: "内分泌科" } });
  provincial = {
    id: province.id,
    cardiologist: await makeUser(db, "SPECIALIST", province.id, cardiology.id),
    endocrinologist: await makeUser(db, "SPECIALIST", province.id, endocrinology.id),
    coordinator: await makeUser(db, "COORDINATOR", province.id),
    platformAdmin: await makeUser(db, "PLATFORM_ADMIN", null),
  };
});

describe("patient data boundaries (issue 9's holes)", () => {
  it("1. a county doctor cannot merge (or preview merging) two residents another hospital registered", async () => {
    // One person registered twice: by resident ID, and by passport with the sex and birth date the ID encodes (no identity conflict).
    const a = await residentOf(wuhua);
    const birthDate = `${a.docNumber.slice(6, 10)}-${a.docNumber.slice(10, 12)}-${a.docNumber.slice(12, 14)}`;
    const sex = Number(a.docNumber[16]) % 2 === 1 ? "male" : "female";
    const b = await registerAtWindow(getDb(), wuhua.doctor, keys, { docType: "03", docNumber: `E${randomInt(10_000_000, 99_999_999)}`, name: a.name, sex, birthDate });
    const input = { intoResidentId: a.residentId, fromResidentId: b.residentId, reason: "重复建档" };
    await expect(previewMerge(getDb(), zijin.doctor, input)).rejects.toMatchObject(NOT_FOUND);
    await expect(mergeResidents(getDb(), zijin.doctor, input)).rejects.toMatchObject(NOT_FOUND);
    expect(await getDb().resident.findUniqueOrThrow({ where: { id: b.residentId } })).toMatchObject({ mergedIntoId: null });
    // Their own hospital still can.
    await expect(mergeResidents(getDb(), wuhua.doctor, input)).resolves.toMatchObject({ intoResidentId: a.residentId });
  });

  it("2. an identifier is linked only under the actor's own issuer code, so another hospital's number stays free for it", async () => {
    const resident = await residentOf(zijin);
    const number = unique("VC").toUpperCase().replace(/_/g, "-");
    await expect(linkIdentifier(getDb(), zijin.doctor, resident.residentId, { kind: "VISIT_CARD", issuer: wuhua.code, value: number })).rejects.toMatchObject({
      status: 400,
      messageKey: "healthCard.identifier.issuerNotYours",
    });
    const wuhuaPatient = await residentOf(wuhua);
    await expect(linkIdentifier(getDb(), wuhua.doctor, wuhuaPatient.residentId, { kind: "VISIT_CARD", value: number })).resolves.toBe("linked");
    expect(await getDb().residentIdentifier.findFirstOrThrow({ where: { value: number } })).toMatchObject({ issuer: wuhua.code, residentId: wuhuaPatient.residentId });
    // Nor on another hospital's resident, even under the actor's own code.
    await expect(linkIdentifier(getDb(), zijin.doctor, wuhuaPatient.residentId, { kind: "VISIT_CARD", value: unique("X").toUpperCase().replace(/_/g, "-") })).rejects.toMatchObject(NOT_FOUND);
  });

  it("3. a county doctor cannot mark another hospital's resident as identity-verified", async () => {
    const db = getDb();
    const resident = await residentOf(wuhua);
    await db.resident.update({ where: { id: resident.residentId }, data: { verified: false } });
    await expect(verifyResident(db, zijin.doctor, resident.residentId)).rejects.toMatchObject(NOT_FOUND);
    expect(await db.resident.findUniqueOrThrow({ where: { id: resident.residentId } })).toMatchObject({ verified: false });
    await verifyResident(db, wuhua.admin, resident.residentId);
    expect(await db.resident.findUniqueOrThrow({ where: { id: resident.residentId } })).toMatchObject({ verified: true });
  });

  it("4. a name search finds only the actor's institution's residents and those in their care; an exact identifier answers the minimum identity", async () => {
    const name = surname();
    const resident = await residentOf(wuhua, name);
    const prefix = name.slice(0, 3);
    expect((await findResidents(getDb(), wuhua.doctor, { text: prefix })).map((r) => r.id)).toContain(resident.residentId);
    for (const outsider of [zijin.doctor, zijin.admin, provincial.cardiologist, provincial.coordinator]) {
      expect(await findResidents(getDb(), outsider, { text: prefix }), outsider.role).toEqual([]);
      await expect(getResidentSummary(getDb(), outsider, resident.residentId), outsider.role).rejects.toMatchObject(NOT_FOUND);
    }
    await expect(findResidents(getDb(), provincial.platformAdmin, { text: prefix })).rejects.toMatchObject({ status: 403 });

    const [exact] = await findResidents(getDb(), zijin.doctor, { text: resident.docNumber });
    expect(exact).toMatchObject({ id: resident.residentId, name, limited: true, docNumberMasked: null, phoneMasked: null, cardIdMasked: null, matchedBy: "document" });
    const audited = await getDb().auditLog.findFirstOrThrow({ where: { actorId: zijin.doctor.id, action: "ehc.resident.search" }, orderBy: { at: "desc" } });
    expect(audited.details).toMatchObject({ matchedBy: "document", outsideScope: 1 });

    // A consultation the expert is assigned to puts the resident in their care.
    await makeConsultation(getDb(), { institutionId: wuhua.id, doctor: wuhua.doctor, residentId: resident.residentId } as never, { status: "ASSIGNED", expertId: provincial.cardiologist.id });
    expect((await findResidents(getDb(), provincial.cardiologist, { text: prefix })).map((r) => r.id)).toEqual([resident.residentId]);
    await expect(getResidentSummary(getDb(), provincial.cardiologist, resident.residentId)).resolves.toMatchObject({ id: resident.residentId, name });
  });

  it("5. a specialist sees an unassigned request only in their own specialty's queue, in the list and the detail alike", async () => {
    const resident = await residentOf(wuhua);
    const world = { institutionId: wuhua.id, doctor: wuhua.doctor, residentId: resident.residentId } as never;
    const cardiac = await makeConsultation(getDb(), world, { status: "SUBMITTED", specialty: "CARD" });
    await expect(getConsultation(getDb(), provincial.endocrinologist, cardiac.id)).rejects.toMatchObject({ status: 404, code: "CONSULTATION_NOT_FOUND" });
    const endoList = await listConsultations(getDb(), provincial.endocrinologist, { page: 1 } as never);
    expect(endoList.items.map((c) => c.id)).not.toContain(cardiac.id);
    await expect(getConsultation(getDb(), provincial.cardiologist, cardiac.id)).resolves.toMatchObject({ id: cardiac.id });
    const cardList = await listConsultations(getDb(), provincial.cardiologist, { page: 1 } as never);
    expect(cardList.items.map((c) => c.id)).toContain(cardiac.id);
  });

  it("6. room membership comes from the room's members only: a coordinator is not host of every room", async () => {
    const room = await createMeeting(getDb(), {
      title: "边界测试会议",
      scheduledStart: new Date(Date.now() + 3_600_000),
      scheduledEnd: new Date(Date.now() + 7_200_000),
      hostUserIds: [provincial.cardiologist.id],
      participantUserIds: [wuhua.doctor.id],
    });
    expect(await roleInRoom(getDb(), room.id, provincial.coordinator)).toBeNull();
    expect((await listRoomsFor(getDb(), provincial.coordinator)).map((r) => r.id)).not.toContain(room.id);
    expect(await roleInRoom(getDb(), room.id, provincial.cardiologist)).toBe("HOST");
    expect(await roleInRoom(getDb(), room.id, wuhua.doctor)).toBe("PARTICIPANT");
    expect(await roleInRoom(getDb(), room.id, zijin.doctor)).toBeNull();
  });
});

import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { unique, useTestDatabase } from "@/test/db";
import type { SessionUser } from "@/server/auth/signIn";
import { getDb } from "@/server/db/client";
import { linkIdentifier } from "./identifiers";
import { setHealthCardKeys } from "./keyStore";
import { findResidents, getResidentSummary } from "./lookup";
import { mergeResidents } from "./merge";
import { getResidentDetail } from "./residentDetail";
import { createStaticQrCode, createDynamicQrCode } from "./qr";
import { demoVerify, registerAtWindow, registerOnline, verifyResident } from "./residents";
import { makeResidentId, randomTestKeys } from "./testKeys";

const keys = randomTestKeys();
let doctor: SessionUser;
let institutionCode: string;

async function patientUser(): Promise<SessionUser> {
  const user = await getDb().user.create({ data: { username: unique("pt"), passwordHash: "x", displayName: "居民", role: "PATIENT" } });
  return { id: user.id, username: user.username, displayName: user.displayName, role: "PATIENT", institutionId: null };
}

// Birth years vary per test file run so numbers do not collide with other tests' rows.
const code = (prefix: string) => unique(prefix).toUpperCase().replace(/_/g, "-");
const idFor = () => makeResidentId(randomInt(1, 998), "441424", `19${randomInt(30, 99)}0${randomInt(1, 9)}1${randomInt(0, 9)}`);

describe("issuing cards and the master patient index (real PostgreSQL)", () => {
  beforeAll(async () => {
    await useTestDatabase();
    setHealthCardKeys(keys);
    institutionCode = unique("H").toUpperCase().slice(0, 20);
    const institution = await getDb().institution.create({ data: { code: institutionCode, name: "测试县医院", level: "COUNTY", regionCode: "441424" } });
    const user = await getDb().user.create({ data: { username: unique("doc"), passwordHash: "x", displayName: "医生", role: "COUNTY_DOCTOR", institutionId: institution.id } });
    doctor = { id: user.id, username: user.username, displayName: user.displayName, role: "COUNTY_DOCTOR", institutionId: institution.id };
  });

  it("issues one card per document at the window and answers the same card the second time", async () => {
    const docNumber = idFor().toLowerCase();
    const first = await registerAtWindow(getDb(), doctor, keys, { docType: "01", docNumber, name: "张 三", phone: "138 1234 5678", visitCardNumber: code("v") });
    expect(first.existing).toBe(false);
    expect(first.verified).toBe(true);
    expect(first.cardId).toMatch(/^[0-9A-F]{64}$/);
    const again = await registerAtWindow(getDb(), doctor, keys, { docType: "01", docNumber: docNumber.toUpperCase(), name: "张三" });
    expect(again).toMatchObject({ existing: true, cardId: first.cardId, residentId: first.residentId });
    expect(await getDb().healthCard.count({ where: { residentId: first.residentId } })).toBe(1);
    const stored = await getDb().resident.findUniqueOrThrow({ where: { id: first.residentId } });
    expect(stored.docNumberEnc).not.toContain(docNumber.slice(0, 6));
    expect(stored.sex).not.toBe("UNKNOWN");
  });

  it("two windows registering the same document at once still make one card", async () => {
    const docNumber = idFor();
    const results = await Promise.all([0, 1, 2].map(() => registerAtWindow(getDb(), doctor, keys, { docType: "01", docNumber, name: "李四" })));
    expect(new Set(results.map((r) => r.cardId)).size).toBe(1);
  });

  it("finds a resident by visit card, document, card ID, QR codes, phone and name, with masked numbers", async () => {
    const docNumber = idFor();
    const visit = code("VC");
    const name = `测${unique("n").slice(-4)}`.replace(/[0-9_]/g, "甲");
    const card = await registerAtWindow(getDb(), doctor, keys, { docType: "01", docNumber, name, phone: "13900001111", visitCardNumber: visit });
    for (const text of [visit.toLowerCase(), docNumber, card.cardId, card.masterIndexId, createStaticQrCode(card.cardId), createDynamicQrCode(card.cardId, keys.cards.current).code, "13900001111", name]) {
      const found = await findResidents(getDb(), doctor, { text });
      expect(found.map((r) => r.id), text).toContain(card.residentId);
      const hit = found.find((r) => r.id === card.residentId)!;
      expect(hit.docNumberMasked).toBe(docNumber.slice(0, 4) + "**********" + docNumber.slice(14));
      expect(hit.phoneMasked).toBe("139****1111");
    }
    await expect(findResidents(getDb(), doctor, { text: "x" })).rejects.toMatchObject({ status: 400 });
    await expect(findResidents(getDb(), doctor, { text: "ZZZZZZZZZZZZ" })).resolves.toEqual([]);
  });

  it("refuses patients searching and an identifier linked to someone else", async () => {
    const patient = await patientUser();
    await expect(findResidents(getDb(), patient, { text: "张三" })).rejects.toMatchObject({ status: 403 });
    const a = await registerAtWindow(getDb(), doctor, keys, { docType: "01", docNumber: idFor(), name: "王五" });
    const b = await registerAtWindow(getDb(), doctor, keys, { docType: "03", docNumber: unique("E").toUpperCase().replace(/_/g, "").slice(0, 12), name: "王五", sex: "male", birthDate: "1970-02-03" });
    const value = code("PN");
    expect(await linkIdentifier(getDb(), doctor, a.residentId, { kind: "HOSPITAL_PATIENT_NO", value })).toBe("linked");
    expect(await linkIdentifier(getDb(), doctor, a.residentId, { kind: "HOSPITAL_PATIENT_NO", value })).toBe("unchanged");
    await expect(linkIdentifier(getDb(), doctor, b.residentId, { kind: "HOSPITAL_PATIENT_NO", value })).rejects.toMatchObject({ code: "IDENTIFIER_TAKEN", status: 409 });
  });

  it("merges two records with a reason: identifiers move, the old card is retired, lookups land on the survivor", async () => {
    const a = await registerAtWindow(getDb(), doctor, keys, { docType: "01", docNumber: idFor(), name: "赵六" });
    const passport = `E${randomInt(10_000_000, 99_999_999)}`;
    const visit = code("VC");
    const b = await registerAtWindow(getDb(), doctor, keys, { docType: "03", docNumber: passport, name: "赵六", visitCardNumber: visit });
    await expect(mergeResidents(getDb(), doctor, { intoResidentId: a.residentId, fromResidentId: b.residentId, reason: "" })).rejects.toMatchObject({ status: 400 });
    const { mergeId } = await mergeResidents(getDb(), doctor, { intoResidentId: a.residentId, fromResidentId: b.residentId, reason: "同一人，护照与身份证分别建档" });
    expect((await findResidents(getDb(), doctor, { text: visit })).map((r) => r.id)).toEqual([a.residentId]);
    expect((await findResidents(getDb(), doctor, { text: passport })).map((r) => r.id)).toEqual([a.residentId]);
    expect((await getDb().healthCard.findUniqueOrThrow({ where: { residentId: b.residentId } })).status).toBe("REVOKED");
    expect((await getResidentSummary(getDb(), doctor, b.residentId)).id).toBe(a.residentId);
    const trail = await getDb().auditLog.findFirstOrThrow({ where: { action: "ehc.resident.merged", targetId: a.residentId } });
    expect(trail.details).toMatchObject({ mergeId, fromResidentId: b.residentId });
    // The survivor's history names the duplicate by its name, not its internal id.
    expect((await getResidentDetail(getDb(), doctor, a.residentId)).merges).toEqual([
      expect.objectContaining({ id: mergeId, fromResidentId: b.residentId, fromName: "赵六", intoResidentId: a.residentId, reason: "同一人，护照与身份证分别建档" }),
    ]);
    await expect(mergeResidents(getDb(), doctor, { intoResidentId: a.residentId, fromResidentId: b.residentId, reason: "再次合并" })).rejects.toMatchObject({ code: "MERGE_INVALID" });
    // Registering the merged passport again gives the survivor's card.
    const again = await registerAtWindow(getDb(), doctor, keys, { docType: "03", docNumber: passport, name: "赵六" });
    expect(again).toMatchObject({ existing: true, residentId: a.residentId, cardId: a.cardId });
  });

  it("online registration: unverified until staff or the demo step verify; same document again gives the same card", async () => {
    const patient = await patientUser();
    const docNumber = idFor();
    const card = await registerOnline(getDb(), patient, keys, { docType: "01", docNumber, name: "孙七", phone: "13700001111" });
    expect(card).toMatchObject({ existing: false, verified: false });
    expect(await registerOnline(getDb(), patient, keys, { docType: "01", docNumber, name: "孙七" })).toMatchObject({ existing: true, cardId: card.cardId });
    const other = await patientUser();
    await expect(registerOnline(getDb(), other, keys, { docType: "01", docNumber, name: "孙七" })).rejects.toMatchObject({ code: "DOCUMENT_TAKEN", status: 409 });
    await expect(demoVerify(getDb(), patient, keys, { name: "孙七", docNumber: "110101199003071234" }, true)).rejects.toMatchObject({ status: 400 });
    await expect(demoVerify(getDb(), patient, keys, { name: "孙七", docNumber }, false)).rejects.toMatchObject({ status: 400 });
    await demoVerify(getDb(), patient, keys, { name: "孙七", docNumber }, true);
    expect((await getResidentSummary(getDb(), patient, card.residentId)).verified).toBe(true);
    await expect(getResidentSummary(getDb(), other, card.residentId)).rejects.toMatchObject({ status: 404 });

    const third = await patientUser();
    const c3 = await registerOnline(getDb(), third, keys, { docType: "01", docNumber: idFor(), name: "周八" });
    await verifyResident(getDb(), doctor, c3.residentId);
    expect((await getResidentSummary(getDb(), doctor, c3.residentId)).verified).toBe(true);
  });

  it("refuses bad input with a 400 and a message key", async () => {
    await expect(registerAtWindow(getDb(), doctor, keys, { docType: "01", docNumber: "110101199003071235", name: "张三" })).rejects.toMatchObject({ status: 400, messageKey: "healthCard.residentId.badCheckCharacter" });
    await expect(registerAtWindow(getDb(), doctor, keys, { docType: "01", docNumber: idFor(), name: "" })).rejects.toMatchObject({ status: 400, messageKey: "healthCard.person.nameRequired" });
    await expect(registerAtWindow(getDb(), doctor, keys, { docType: "01", docNumber: idFor(), name: "张三", phone: "12345" })).rejects.toMatchObject({ messageKey: "healthCard.person.phoneInvalid" });
    await expect(registerAtWindow(getDb(), doctor, keys, { docType: "01", docNumber: idFor(), name: "张三", portalUsername: "nobody-here" })).rejects.toMatchObject({ messageKey: "healthCard.window.noSuchPatientAccount" });
  });
});

import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { audit } from "@/server/audit";
import { makeConsultation, makeUser, makeWorld } from "@/server/consultation/testing";
import { getDb, type Db } from "@/server/db/client";
import { unique, useTestDatabase } from "@/test/db";
import { viewConsultation } from "@/server/consultation/requests";
import { listRecordAccess } from "./accessLog";

let db: Db;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
});

describe("listRecordAccess (real PostgreSQL)", () => {
  it("lists staff accesses to the patient's own record with names and institutions, newest first, and nothing else", async () => {
    const world = await makeWorld(db);
    const cardId = randomBytes(32).toString("hex");
    await db.healthCard.create({ data: { residentId: world.residentId, cardId, keyVersion: 1, channel: "ONLINE" } });
    const terminal = await db.terminal.create({
      data: { institutionId: world.institutionId, code: unique("TERM").slice(0, 64), name: "门诊一楼自助机", tokenHash: randomBytes(32).toString("hex"), tokenHint: "abcd", createdById: world.doctor.id },
    });
    const mine = await makeConsultation(db, world);
    // Someone else's record, consultation and card.
    const other = await makeWorld(db);
    const otherCardId = randomBytes(32).toString("hex");
    await db.healthCard.create({ data: { residentId: other.residentId, cardId: otherCardId, keyVersion: 1, channel: "ONLINE" } });
    const theirs = await makeConsultation(db, other);

    await audit(db, { actorId: world.doctor.id, actorRole: "COUNTY_DOCTOR", action: "ehc.resident.viewed", targetType: "resident", targetId: world.residentId });
    await audit(db, { actorId: world.expert.id, actorRole: "SPECIALIST", action: "consultation.attachment.read", targetType: "consultation", targetId: mine.id });
    await db.auditLog.create({ data: { action: "ehc.verify", targetType: "healthCard", targetId: cardId, details: { terminalId: terminal.id, outcome: "OK", step: "dynamic" } } });
    // Not listed: a failed scan, the patient's own actions, other residents' rows.
    await db.auditLog.create({ data: { action: "ehc.verify", targetType: "healthCard", targetId: cardId, details: { terminalId: terminal.id, outcome: "EXPIRED", step: "dynamic" } } });
    await audit(db, { actorId: world.patient.id, actorRole: "PATIENT", action: "ehc.resident.verified", targetType: "resident", targetId: world.residentId });
    await audit(db, { actorId: world.patient.id, actorRole: "PATIENT", action: "consultation.consent", targetType: "consultation", targetId: mine.id });
    await audit(db, { actorId: other.doctor.id, actorRole: "COUNTY_DOCTOR", action: "ehc.resident.viewed", targetType: "resident", targetId: other.residentId });
    await audit(db, { actorId: other.expert.id, actorRole: "SPECIALIST", action: "consultation.opinion.sign", targetType: "consultation", targetId: theirs.id });
    await db.auditLog.create({ data: { action: "ehc.verify", targetType: "healthCard", targetId: otherCardId, details: { terminalId: terminal.id, outcome: "OK" } } });

    const result = await listRecordAccess(db, world.patient);
    expect(result.hasRecord).toBe(true);
    expect(result.total).toBe(3);
    expect(result.entries.map((e) => e.actions)).toEqual([["ehc.verify"], ["consultation.attachment.read"], ["ehc.resident.viewed"]]);
    const [scan, read, view] = result.entries;
    expect(scan).toMatchObject({ who: "门诊一楼自助机", viaTerminal: true, institution: { name: "县医院" }, labelKeys: ["healthCard.access.action.ehc.verify"], count: 1 });
    expect(read).toMatchObject({ who: world.expert.displayName, role: "SPECIALIST", institution: { name: "省医院" } });
    expect(view).toMatchObject({ who: world.doctor.displayName, role: "COUNTY_DOCTOR", institution: { name: "县医院" }, labelKeys: ["healthCard.access.action.ehc.resident.viewed"] });

    const others = await listRecordAccess(db, other.patient);
    expect(others.entries.map((e) => e.actions[0])).toEqual(["ehc.verify", "consultation.opinion.sign", "ehc.resident.viewed"]);
    expect(others.entries.every((e) => e.who !== world.doctor.displayName && e.who !== world.expert.displayName)).toBe(true);
  });

  it("lists answers to the patient's advice questions and reads of their video session record, not other residents'", async () => {
    const world = await makeWorld(db);
    const other = await makeWorld(db);
    const rows = [];
    for (const w of [world, other]) {
      const consultation = await makeConsultation(db, w);
      const room = await db.videoRoom.create({ data: { consultationId: consultation.id, title: "会诊", scheduledStart: new Date(), scheduledEnd: new Date(Date.now() + 3_600_000) } });
      const advice = await db.followUpAdvice.create({ data: { consultationId: consultation.id, residentId: w.residentId, authorId: w.expert.id, body: "多喝水" } });
      const question = await db.adviceQuestion.create({ data: { adviceId: advice.id, askedById: w.patient.id, question: "几点吃药？" } });
      rows.push({ w, room, question });
    }
    for (const { w, room, question } of rows) {
      await audit(db, { actorId: w.patient.id, actorRole: "PATIENT", action: "advice.question", targetType: "followUpAdvice", targetId: question.adviceId });
      await audit(db, { actorId: w.expert.id, actorRole: "SPECIALIST", action: "advice.answer", targetType: "adviceQuestion", targetId: question.id });
      await audit(db, { actorId: w.doctor.id, actorRole: "COUNTY_DOCTOR", action: "video.record.read", targetType: "video_room", targetId: room.id });
      // Opening the consultation itself (its page, print view or API) through the domain.
      await viewConsultation(db, w.doctor, room.consultationId!);
    }
    const result = await listRecordAccess(db, world.patient);
    // The doctor's two accesses within the hour are one line.
    expect(result.entries.map((e) => [e.actions, e.who, e.labelKeys, e.count])).toEqual([
      [["video.record.read", "consultation.viewed"], world.doctor.displayName, ["healthCard.access.action.video.record.read", "healthCard.access.action.consultation.viewed"], 2],
      [["advice.answer"], world.expert.displayName, ["healthCard.access.action.advice.answer"], 1],
    ]);
  });

  it("pages newest first", async () => {
    const world = await makeWorld(db);
    // One access in each of five different hours: five lines.
    for (let i = 0; i < 5; i++) {
      await db.auditLog.create({ data: { actorId: world.doctor.id, actorRole: "COUNTY_DOCTOR", action: "ehc.resident.viewed", targetType: "resident", targetId: world.residentId, details: { i }, at: new Date(Date.now() - (5 - i) * 3_600_000) } });
    }
    const first = await listRecordAccess(db, world.patient, 1, 2);
    const second = await listRecordAccess(db, world.patient, 2, 2);
    const third = await listRecordAccess(db, world.patient, 3, 2);
    expect([first.total, first.entries.length, second.entries.length, third.entries.length]).toEqual([5, 2, 2, 1]);
    const ids = [...first.entries, ...second.entries, ...third.entries].map((e) => BigInt(e.id));
    expect(new Set(ids).size).toBe(5);
    expect([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(ids);
  });

  it("tells a patient without a record, and refuses staff", async () => {
    const world = await makeWorld(db);
    const cardless = await makeUser(db, "PATIENT", null);
    expect(await listRecordAccess(db, cardless)).toMatchObject({ hasRecord: false, entries: [], total: 0 });
    await expect(listRecordAccess(db, world.doctor)).rejects.toMatchObject({ status: 403 });
    await expect(listRecordAccess(db, world.coordinator)).rejects.toMatchObject({ status: 403 });
  });
});

describe("grouping repeats (SQL)", () => {
  it("the same person on the same record within the hour is one line with a count; other people, other hours and emergency reads stay apart and marked", async () => {
    const world = await makeWorld(db);
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const at = (offsetMinutes: number) => new Date(hour - 2 * 3_600_000 + offsetMinutes * 60_000);
    const entry = (actorId: string, actorRole: "COUNTY_DOCTOR" | "SPECIALIST" | "PATIENT", action: string, minutes: number, details: object = {}) =>
      db.auditLog.create({ data: { actorId, actorRole, action, targetType: "resident", targetId: world.residentId, details, at: at(minutes) } });
    // 62 near-identical reads by the doctor within 15 minutes of one hour.
    for (let i = 0; i < 62; i++) await entry(world.doctor.id, "COUNTY_DOCTOR", i % 2 ? "record.read" : "record.file.read", i % 15, { ground: "ownInstitution" });
    // The same doctor in the next hour, the expert in an emergency, the patient themselves, a guardian's read.
    await entry(world.doctor.id, "COUNTY_DOCTOR", "record.read", 70);
    await entry(world.expert.id, "SPECIALIST", "record.emergency.opened", 20, { ground: "emergencyAccess" });
    await entry(world.expert.id, "SPECIALIST", "record.read", 21, { ground: "emergencyAccess" });
    await entry(world.patient.id, "PATIENT", "record.read", 30, { ground: "self" });
    const guardian = await makeUser(db, "PATIENT", null);
    await entry(guardian.id, "PATIENT", "record.read", 40, { ground: "guardian" });

    const result = await listRecordAccess(db, world.patient);
    expect(result.total).toBe(4);
    expect(result.entries.map((e) => [e.who, e.count, e.emergency])).toEqual([
      [world.doctor.displayName, 1, false],
      [guardian.displayName, 1, false],
      [world.expert.displayName, 2, true],
      [world.doctor.displayName, 62, false],
    ]);
    const grouped = result.entries[3]!;
    expect(grouped.actions).toEqual(["record.file.read", "record.read"]);
    expect(grouped.labelKeys).toEqual(["healthCard.access.action.record.file.read", "healthCard.access.action.record.read"]);
    expect(grouped.firstAt.getTime()).toBe(at(0).getTime());
    expect(grouped.at.getTime()).toBe(at(14).getTime());
    expect(result.entries[2]!.labelKeys).toEqual(["healthCard.access.action.record.emergency.opened", "healthCard.access.action.record.read"]);

    // Pages are of lines.
    const page2 = await listRecordAccess(db, world.patient, 2, 3);
    expect(page2.entries.map((e) => e.count)).toEqual([62]);
    expect(page2.total).toBe(4);
    const beyond = await listRecordAccess(db, world.patient, 9, 3);
    expect([beyond.entries.length, beyond.total]).toEqual([0, 4]);

    // The guardian opening the log of the record they manage sees neither their own reads nor the resident's own.
    await db.familyLink.create({ data: { guardianUserId: guardian.id, residentId: world.residentId, relationship: "CHILD", establishedById: world.doctor.id } });
    const asGuardian = await listRecordAccess(db, guardian, 1, 20, world.residentId);
    expect(asGuardian.entries.map((e) => e.who)).not.toContain(guardian.displayName);
    expect(asGuardian.entries.map((e) => e.who)).not.toContain(world.patient.displayName);
    expect(asGuardian.total).toBe(3);
    const stranger = await makeUser(db, "PATIENT", null);
    await expect(listRecordAccess(db, stranger, 1, 20, world.residentId)).rejects.toMatchObject({ status: 404 });
  });
});

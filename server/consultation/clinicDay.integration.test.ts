import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/server/db/client";
import { setHealthCardKeys } from "@/server/healthcard/keyStore";
import { registerAtWindow } from "@/server/healthcard/residents";
import { makeResidentId, randomTestKeys } from "@/server/healthcard/testKeys";
import { bookConsultation } from "@/server/scheduling/booking";
import { useTestDatabase } from "@/test/db";
import { ageOn, opinionPrintView } from "./printView";
import { createDraft, recordConsent, submitRequest } from "./requests";
import { makeConsultation, makeWorld, openExpertCalendar, REQUEST, type World } from "./testing";
import { assignExpert } from "./triage";
import { consultationRoomLifecycle, endConsultationSession, openConsultationRoom } from "./video";
import { parseWorklistQuery, worklist, WORKLIST_PAGE_SIZE, worklistQueryOrThrow } from "./worklist";

let db: Db;
let world: World;
const keys = randomTestKeys();

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  setHealthCardKeys(keys);
  world = await makeWorld(db);
});

/** A scheduled consultation of a world of its own (its expert's first free slot), with its video room. */
async function scheduledWithRoom() {
  const w = await makeWorld(db);
  let c = await createDraft(db, w.doctor, { ...REQUEST, residentId: w.residentId, preferredExpertId: null });
  c = await recordConsent(db, w.doctor, c.id, { method: "ON_SCREEN_SIGNATURE", givenBy: "测试患者", expectedVersion: c.version });
  c = (await submitRequest(db, w.doctor, c.id, c.version)).after;
  c = (await assignExpert(db, w.coordinator, c.id, { expertId: w.expert.id })).after;
  const start = await openExpertCalendar(db, w.expert.id);
  c = (await bookConsultation(db, w.coordinator, c.id, { startsAt: start })).after;
  const { roomId } = await openConsultationRoom(db, w.doctor, c.id);
  return { consultation: c, roomId, w };
}

describe("the call moves the consultation (real PostgreSQL)", () => {
  it("a host joining starts the session, the host ending the call ends it and points to the opinion; the call cannot be entered again", async () => {
    const { consultation, roomId, w } = await scheduledWithRoom();
    const lifecycle = consultationRoomLifecycle(db);

    await lifecycle.hostJoined(w.expert, roomId);
    expect((await db.consultation.findUniqueOrThrow({ where: { id: consultation.id } })).status).toBe("IN_SESSION");
    // A second join (a reload) changes nothing and throws nothing.
    await lifecycle.hostJoined(w.expert, roomId);

    const { next } = await lifecycle.endedByHost(w.expert, roomId);
    expect(next).toBe(`/consultations/${consultation.id}#opinion`);
    expect((await db.consultation.findUniqueOrThrow({ where: { id: consultation.id } })).status).toBe("OPINION_PENDING");
    // Through the one transition path: its events and audit entries, by the expert.
    const events = await db.consultationEvent.findMany({ where: { consultationId: consultation.id }, orderBy: { at: "asc" } });
    expect(events.slice(-2).map((e) => [e.action, e.fromStatus, e.toStatus, e.actorId])).toEqual([
      ["startSession", "SCHEDULED", "IN_SESSION", w.expert.id],
      ["endSession", "IN_SESSION", "OPINION_PENDING", w.expert.id],
    ]);
    expect(await db.auditLog.count({ where: { targetId: consultation.id, action: { in: ["consultation.startSession", "consultation.endSession"] } } })).toBe(2);
    // The requesting doctor was told both.
    expect(await db.notification.count({ where: { userId: w.doctor.id, kind: { in: ["consultation.startSession", "consultation.endSession"] }, link: `/consultations/${consultation.id}` } })).toBe(2);

    await expect(openConsultationRoom(db, w.doctor, consultation.id)).rejects.toMatchObject({ status: 409, code: "SESSION_OVER", messageKey: "consultation.video.sessionOver" });
  });

  it("a host ending a call the join had not started still takes the consultation to the opinion step", async () => {
    const { consultation, roomId, w } = await scheduledWithRoom();
    await consultationRoomLifecycle(db).endedByHost(w.expert, roomId);
    expect((await db.consultation.findUniqueOrThrow({ where: { id: consultation.id } })).status).toBe("OPINION_PENDING");
  });

  it("ending the session from the consultation page ends its call too", async () => {
    const { consultation, roomId, w } = await scheduledWithRoom();
    await consultationRoomLifecycle(db).hostJoined(w.expert, roomId);
    await endConsultationSession(db, w.expert, consultation.id);
    expect((await db.videoRoom.findUniqueOrThrow({ where: { id: roomId } })).status).toBe("ENDED");
  });

  it("a standalone meeting's room moves no consultation", async () => {
    const meeting = await db.videoRoom.create({ data: { title: "例会", scheduledStart: new Date(), scheduledEnd: new Date(Date.now() + 3_600_000) } });
    await expect(consultationRoomLifecycle(db).hostJoined(world.coordinator, meeting.id)).resolves.toBeUndefined();
    expect(await consultationRoomLifecycle(db).endedByHost(world.coordinator, meeting.id)).toEqual({});
  });
});

/** A day of the 2030s no other test uses: the worklist's date filter isolates this test's rows. */
function isolatedDay(): { key: string; at: Date } {
  const [year, month, day] = [2030 + randomInt(0, 9), randomInt(1, 13), randomInt(1, 29)];
  const key = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return { key, at: new Date(`${key}T10:00:00+08:00`) };
}

describe("role worklists: one query for the count and the rows (real PostgreSQL)", () => {
  it("the coordinator's triage list, filtered by day, urgency and specialty, counts exactly its rows, page by page", async () => {
    const { key, at } = isolatedDay();
    const rows = [];
    for (let i = 0; i < WORKLIST_PAGE_SIZE + 2; i++) rows.push(await makeConsultation(db, world, { status: "SUBMITTED", submittedAt: new Date(at.getTime() + i * 60_000), urgency: i === 0 ? "EMERGENCY" : "ROUTINE" }));
    await makeConsultation(db, world, { status: "ASSIGNED", submittedAt: at, expertId: world.expert.id });

    const first = await worklist(db, world.coordinator, worklistQueryOrThrow({ from: key, to: key }));
    expect(first.total).toBe(WORKLIST_PAGE_SIZE + 2);
    expect(first.items).toHaveLength(WORKLIST_PAGE_SIZE);
    // Most urgent first, then the longest wait.
    expect(first.items[0]!.id).toBe(rows[0]!.id);
    expect(first.items[1]!.id).toBe(rows[1]!.id);
    const second = await worklist(db, world.coordinator, worklistQueryOrThrow({ from: key, to: key, page: "2" }));
    expect(second.total).toBe(first.total);
    expect(second.items).toHaveLength(2);
    expect(new Set([...first.items, ...second.items].map((c) => c.id))).toEqual(new Set(rows.map((c) => c.id)));

    const urgent = await worklist(db, world.coordinator, worklistQueryOrThrow({ from: key, to: key, urgency: "EMERGENCY" }));
    expect([urgent.total, urgent.items.map((c) => c.id)]).toEqual([1, [rows[0]!.id]]);
    const assigned = await worklist(db, world.coordinator, worklistQueryOrThrow({ from: key, to: key, status: "ASSIGNED" }));
    expect(assigned.total).toBe(1);
    const neuro = await worklist(db, world.coordinator, worklistQueryOrThrow({ from: key, to: key, specialty: "NEUR" }));
    expect([neuro.total, neuro.items]).toEqual([0, []]);
  });

  it("the county doctor's list is their own open requests; the specialist's is theirs and their specialty's queue", async () => {
    const mine = await makeWorld(db);
    const open = await makeConsultation(db, mine, { status: "SCHEDULED", expertId: mine.expert.id, scheduledStart: new Date(Date.now() + 3_600_000), scheduledEnd: new Date(Date.now() + 5_400_000) });
    const draft = await makeConsultation(db, mine, { status: "DRAFT" });
    await makeConsultation(db, mine, { status: "COMPLETED", expertId: mine.expert.id });
    const doctorList = await worklist(db, mine.doctor, worklistQueryOrThrow({}));
    expect(doctorList.total).toBe(doctorList.items.length);
    expect(new Set(doctorList.items.map((c) => c.id))).toEqual(new Set([open.id, draft.id]));

    const specialistList = await worklist(db, mine.expert, worklistQueryOrThrow({ specialty: "CARD", status: "SCHEDULED" }));
    expect(specialistList.items.map((c) => c.id)).toContain(open.id);
    expect(specialistList.total).toBe(specialistList.items.length);
    const completed = await worklist(db, mine.expert, worklistQueryOrThrow({ status: "COMPLETED" }));
    expect(completed.total).toBe(1);
  });

  it("bad filters are named and dropped (a page still renders); the strict form answers 400", async () => {
    expect(parseWorklistQuery({ status: "LOST", urgency: "URGENT", from: "2026-02-30", to: "tomorrow", page: "0" })).toEqual({ query: { urgency: "URGENT", page: 1 }, invalid: ["status", "from", "to", "page"] });
    expect(parseWorklistQuery({ from: "2026-12-05", to: "2026-12-01" }).invalid).toEqual(["to"]);
    expect(parseWorklistQuery({ specialty: ["CARD", "NEUR"], unknown: "x" })).toEqual({ query: { specialty: "CARD", page: 1 }, invalid: [] });
    expect(() => worklistQueryOrThrow({ urgency: "SOON" })).toThrow(expect.objectContaining({ status: 400, messageKey: "home.worklist.badFilter" }));
    await expect(worklist(db, world.patient, { page: 1 })).rejects.toMatchObject({ status: 403 });
  });
});

describe("the printed opinion names the patient (real PostgreSQL)", () => {
  it("shows sex, age at the request, the masked document and card, and the request's summary", async () => {
    const docNumber = makeResidentId(randomInt(1, 998), "441424", "19610302");
    const card = await registerAtWindow(db, world.doctor, keys, { docType: "01", docNumber, name: "打印患者" });
    const c = await makeConsultation(db, world, { residentId: card.residentId, status: "OPINION_PENDING", expertId: world.expert.id, submittedAt: new Date("2026-03-01T09:00:00+08:00"), clinicalSummary: "胸闷两周", question: "是否造影？" });
    const view = await opinionPrintView(db, world.expert, c.id);
    expect(view.patient).toMatchObject({ name: "打印患者", age: 64, docType: "01", docNumberMasked: `${docNumber.slice(0, 4)}**********${docNumber.slice(14)}` });
    expect(["MALE", "FEMALE"]).toContain(view.patient.sex);
    expect(view.patient.cardIdMasked).toBe(`${card.cardId.slice(0, 6)}****${card.cardId.slice(-4)}`);
    expect(view.request).toMatchObject({ clinicalSummary: "胸闷两周", question: "是否造影？" });
    // Opening it is a read of the record, audited like the page.
    expect(await db.auditLog.count({ where: { actorId: world.expert.id, action: "consultation.viewed", targetId: c.id } })).toBe(1);
  });

  it("counts age in whole years on the Beijing calendar", () => {
    expect(ageOn("1961-03-02", new Date("2026-03-01T16:00:00Z"))).toBe(65);
    expect(ageOn("1961-03-02", new Date("2026-03-01T15:59:00Z"))).toBe(64);
    expect(ageOn("2030-01-01", new Date("2026-03-01T00:00:00Z"))).toBeNull();
    expect(ageOn("1961", new Date())).toBeNull();
  });
});

import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createDraft, recordConsent, submitRequest } from "@/server/consultation/requests";
import { makeUser, makeWorld, openExpertCalendar, REQUEST, type World } from "@/server/consultation/testing";
import { assignExpert } from "@/server/consultation/triage";
import { getDb, type Db } from "@/server/db/client";
import type { SessionUser } from "@/server/auth/signIn";
import { useTestDatabase } from "@/test/db";
import { bookConsultation, rescheduleConsultation, SlotTakenError } from "./booking";
import { deleteException, findFreeSlots, resolveExpert } from "./availability";

let db: Db;
let world: World;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeWorld(db);
});

async function assignedRequest(doctor: SessionUser, expert: SessionUser) {
  let c = await createDraft(db, doctor, { ...REQUEST, residentId: world.residentId, preferredExpertId: null });
  c = await recordConsent(db, doctor, c.id, { method: "ON_SCREEN_SIGNATURE", givenBy: "患者本人", expectedVersion: c.version });
  await submitRequest(db, doctor, c.id, c.version);
  return (await assignExpert(db, world.coordinator, c.id, { expertId: expert.id })).after;
}

describe("booking (real PostgreSQL exclusion constraint)", () => {
  it("50 concurrent bookings of one slot: exactly one wins, the others hear it was just taken with next free slots", async () => {
    await openExpertCalendar(db, world.expert.id, 24);
    // 50 requests from 50 different county doctors, all for the expert's first slot.
    const doctors = await Promise.all(Array.from({ length: 50 }, () => makeUser(db, "COUNTY_DOCTOR", world.institutionId)));
    const requests = [];
    for (const doctor of doctors) requests.push(await assignedRequest(doctor, world.expert));
    const [slot] = await findFreeSlots(db, world.expert.id, { limit: 1 });
    const results = await Promise.allSettled(requests.map((c) => bookConsultation(db, world.coordinator, c.id, { startsAt: slot!.start })));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const failure of lost) {
      expect(failure.reason).toBeInstanceOf(SlotTakenError);
      expect(failure.reason.details.nextSlots.length).toBeGreaterThan(0);
      expect(failure.reason.details.nextSlots[0].startsAt.getTime()).toBeGreaterThan(slot!.start.getTime());
    }
    const overlapping = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM person_booking a JOIN person_booking b
        ON a.user_id = b.user_id AND a.id < b.id AND a.active AND b.active
       AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`;
    expect(Number(overlapping[0]!.n)).toBe(0);
    expect(await db.consultation.count({ where: { id: { in: requests.map((c) => c.id) }, status: "SCHEDULED" } })).toBe(1);
  }, 60_000);

  it("a county doctor cannot be in two sessions at once, even with two different experts", async () => {
    const other = await makeWorld(db);
    const secondExpert = other.expert;
    await openExpertCalendar(db, secondExpert.id, 24);
    const doctor = await makeUser(db, "COUNTY_DOCTOR", world.institutionId);
    const expertB = await makeUser(db, "SPECIALIST", other.provincialId);
    await openExpertCalendar(db, expertB.id, 24);
    const a = await assignedRequest(doctor, secondExpert);
    const b = await assignedRequest(doctor, expertB);
    const [slot] = await findFreeSlots(db, secondExpert.id, { limit: 1 });
    await bookConsultation(db, world.coordinator, a.id, { startsAt: slot!.start });
    await expect(bookConsultation(db, world.coordinator, b.id, { startsAt: slot!.start })).rejects.toMatchObject({ status: 409, code: "SLOT_TAKEN" });
  });

  it("reschedule needs a reason, moves everyone and frees the old time; past and unknown slots are refused", async () => {
    const other = await makeWorld(db);
    await openExpertCalendar(db, other.expert.id, 24);
    const c = await assignedRequest(other.doctor, other.expert);
    const [first, second] = await findFreeSlots(db, other.expert.id, { limit: 2 });
    await expect(bookConsultation(db, other.coordinator, c.id, { startsAt: new Date(Date.now() - 60_000) })).rejects.toMatchObject({ status: 400, messageKey: "scheduling.slotInPast" });
    await expect(bookConsultation(db, other.coordinator, c.id, { startsAt: new Date(first!.start.getTime() + 7 * 60_000) })).rejects.toMatchObject({ code: "SLOT_TAKEN" });
    const booked = await bookConsultation(db, other.coordinator, c.id, { startsAt: first!.start });
    await expect(rescheduleConsultation(db, other.doctor, c.id, { startsAt: second!.start })).rejects.toMatchObject({ status: 400 });
    const moved = await rescheduleConsultation(db, other.doctor, c.id, { startsAt: second!.start, reason: "患者检查时间冲突", expectedVersion: booked.after.version });
    expect(moved.after.scheduledStart?.getTime()).toBe(second!.start.getTime());
    const free = await findFreeSlots(db, other.expert.id, { limit: 1 });
    expect(free[0]!.start.getTime()).toBe(first!.start.getTime());
    const notified = await db.notification.findMany({ where: { kind: "consultation.reschedule", userId: { in: [other.expert.id, other.coordinator.id] } } });
    expect(notified.length).toBeGreaterThanOrEqual(2);
  });

  it("names what was missing: an unknown consultation, expert or availability exception", async () => {
    await expect(bookConsultation(db, world.coordinator, randomUUID(), { startsAt: new Date(Date.now() + 3_600_000) })).rejects.toMatchObject({ status: 404, code: "CONSULTATION_NOT_FOUND" });
    await expect(resolveExpert(db, world.coordinator, world.doctor.id)).rejects.toMatchObject({ status: 404, code: "EXPERT_NOT_FOUND", messageKey: "scheduling.expertNotFound" });
    await expect(deleteException(db, world.expert, randomUUID())).rejects.toMatchObject({
      status: 404,
      code: "AVAILABILITY_EXCEPTION_NOT_FOUND",
      messageKey: "scheduling.exceptionNotFound",
    });
  });
});

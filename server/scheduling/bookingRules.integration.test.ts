/**
 * Booking's rules live twice: in TypeScript (the state machine's parties, the offered slots of
 * availability.ts, used by rescheduling and the slot lists) and in PL/pgSQL (book_consultation_fast,
 * the one-round-trip booking). These tests ask both the same questions and expect the same answers.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/auth/signIn";
import { createDraft, recordConsent, submitRequest } from "@/server/consultation/requests";
import { checkTransition } from "@/server/consultation/stateMachine";
import { makeUser, makeWorld, REQUEST, type World } from "@/server/consultation/testing";
import { assignExpert } from "@/server/consultation/triage";
import type { Db } from "@/server/db/client";
import type { Platform } from "@/server/platform";
import { testDatabaseKind, useTestDatabase } from "@/test/db";
import { findFreeSlots } from "./availability";
import { scheduleCall } from "./booking";
import type { BookOutcome } from "./bookingStore";
import { DAY_MS } from "./time";

let platform: Platform;
let db: Db;
let world: World;

beforeAll(async () => {
  platform = await useTestDatabase();
  db = platform.db;
  world = await makeWorld(db);
});

async function assignedTo(expert: SessionUser, doctor = world.doctor) {
  let c = await createDraft(db, doctor, { ...REQUEST, residentId: world.residentId, preferredExpertId: null });
  c = await recordConsent(db, doctor, c.id, { method: "ON_SCREEN_SIGNATURE", givenBy: "患者本人", expectedVersion: c.version });
  await submitRequest(db, doctor, c.id, c.version);
  return (await assignExpert(db, world.coordinator, c.id, { expertId: expert.id })).after;
}

/** The SQL path's answer, called as bookConsultation calls it. */
function sqlBook(actor: SessionUser, consultationId: string, startsAt: Date): Promise<BookOutcome> {
  return platform.bookingStore.book(scheduleCall(actor, consultationId, { startsAt }, new Date()));
}

/** "YYYY-MM-DD" of a day in Beijing time, `days` from now. */
const beijingDay = (days: number) => new Date(Date.now() + days * DAY_MS + 8 * 3_600_000).toISOString().slice(0, 10);
const beijing = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);

describe(`booking rules: TypeScript and the SQL fast path agree (${testDatabaseKind()})`, () => {
  it("on which start times an expert offers: weekly hours, extra hours with their own slot length, leave", async () => {
    const expert = await makeUser(db, "SPECIALIST", world.provincialId);
    // Every weekday 09:00-11:40 Beijing time in 40-minute slots (ends on a slot boundary).
    await db.availabilityTemplate.createMany({ data: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ expertId: expert.id, weekday, startMinute: 9 * 60, endMinute: 11 * 60 + 40, slotMinutes: 40 })) });
    const [dayA, dayB] = [beijingDay(2), beijingDay(3)];
    // Extra hours on day A in 45-minute slots, and leave on day B's morning from 09:40 to 10:20.
    await db.availabilityException.createMany({
      data: [
        { expertId: expert.id, kind: "EXTRA", startsAt: beijing(dayA, "14:00"), endsAt: beijing(dayA, "16:15"), slotMinutes: 45 },
        { expertId: expert.id, kind: "LEAVE", startsAt: beijing(dayB, "09:40"), endsAt: beijing(dayB, "10:20"), slotMinutes: 30 },
      ],
    });
    const candidates: Date[] = [];
    for (const day of [dayA, dayB]) {
      for (let minute = 8 * 60 + 40; minute <= 16 * 60 + 20; minute += 5) {
        const hhmm = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
        if (minute < 12 * 60 + 10 || minute > 13 * 60 + 50) candidates.push(beijing(day, hhmm));
      }
    }
    let consultation = await assignedTo(expert);
    let offeredCount = 0;
    for (const startsAt of candidates) {
      // TypeScript: the rule rescheduling uses (server/scheduling/booking.ts holdSlot).
      const offered = (await findFreeSlots(db, expert.id, { from: new Date(startsAt.getTime() - 1), days: 1, limit: 200, ignoreBookings: true })).some(
        (slot) => slot.start.getTime() === startsAt.getTime(),
      );
      const answer = await sqlBook(world.coordinator, consultation.id, startsAt);
      expect({ startsAt: startsAt.toISOString(), offered: answer.outcome !== "not_offered" }).toEqual({ startsAt: startsAt.toISOString(), offered });
      if (offered) offeredCount++;
      if (answer.outcome === "ok") consultation = await assignedTo(expert);
    }
    // Day A: 09:00, 09:40, 10:20, 11:00 and 14:00, 14:45, 15:30; day B: 09:00, 10:20, 11:00 (09:40 is on leave).
    expect(offeredCount).toBe(10);
  }, 120_000);

  it("on who may book: every role, as the assigned expert, another expert, the requester, another doctor", async () => {
    const expert = await makeUser(db, "SPECIALIST", world.provincialId);
    const start = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 3_600_000) * 3_600_000);
    await db.availabilityException.create({ data: { expertId: expert.id, kind: "EXTRA", startsAt: start, endsAt: new Date(start.getTime() + 48 * 3_600_000), slotMinutes: 30 } });
    const actors: [string, SessionUser][] = [
      ["coordinator", world.coordinator],
      ["assigned expert", expert],
      ["another expert", await makeUser(db, "SPECIALIST", world.provincialId)],
      ["requesting doctor", world.doctor],
      ["another county doctor", await makeUser(db, "COUNTY_DOCTOR", world.institutionId)],
      ["patient", world.patient],
      ["institution admin", await makeUser(db, "INSTITUTION_ADMIN", world.institutionId)],
      ["platform admin", await makeUser(db, "PLATFORM_ADMIN", null)],
    ];
    let slot = 0;
    for (const [who, actor] of actors) {
      const consultation = await assignedTo(expert);
      let typescriptAllows = true;
      try {
        checkTransition("schedule", consultation, actor);
      } catch {
        typescriptAllows = false;
      }
      const answer = await sqlBook(actor, consultation.id, new Date(start.getTime() + slot++ * 30 * 60_000));
      expect({ who, allowed: answer.outcome !== "refused" }).toEqual({ who, allowed: typescriptAllows });
      if (typescriptAllows) expect(answer.outcome).toBe("ok");
    }
  }, 120_000);
});

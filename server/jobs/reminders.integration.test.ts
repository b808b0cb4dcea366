import { beforeAll, describe, expect, it } from "vitest";
import { createDraft, recordConsent, submitRequest } from "@/server/consultation/requests";
import { makeWorld, openExpertCalendar, REQUEST } from "@/server/consultation/testing";
import { assignExpert } from "@/server/consultation/triage";
import { getDb, type Db } from "@/server/db/client";
import { findFreeSlots } from "@/server/scheduling/availability";
import { bookConsultation } from "@/server/scheduling/booking";
import { JOB_HANDLERS, reminderJobs } from "@/server/scheduling/reminders";
import { useTestDatabase } from "@/test/db";
import { JobScheduler, runDueJobs } from "./queue";

let db: Db;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
});

describe("reminder jobs", () => {
  it("plans 24 h and 15 min reminders, sending a passed one at once unless a later one passed too", () => {
    const now = new Date("2026-11-25T00:00:00Z");
    expect(reminderJobs("a", new Date("2026-11-27T00:00:00Z"), now).map((j) => j.runAt.toISOString())).toEqual(["2026-11-26T00:00:00.000Z", "2026-11-26T23:45:00.000Z"]);
    expect(reminderJobs("a", new Date("2026-11-25T02:00:00Z"), now).map((j) => [j.payload.offset, j.runAt.toISOString()])).toEqual([
      ["24h", now.toISOString()],
      ["15m", "2026-11-25T01:45:00.000Z"],
    ]);
    expect(reminderJobs("a", new Date("2026-11-25T00:10:00Z"), now).map((j) => j.payload.offset)).toEqual(["15m"]);
    expect(reminderJobs("a", new Date("2026-11-24T23:00:00Z"), now)).toEqual([]);
  });

  it("sends each reminder exactly once across two schedulers and a restart", async () => {
    const world = await makeWorld(db);
    await openExpertCalendar(db, world.expert.id, 72);
    let c = await createDraft(db, world.doctor, { ...REQUEST, residentId: world.residentId, preferredExpertId: null });
    c = await recordConsent(db, world.doctor, c.id, { method: "ON_SCREEN_SIGNATURE", givenBy: "患者本人", expectedVersion: c.version });
    await submitRequest(db, world.doctor, c.id, c.version);
    await assignExpert(db, world.coordinator, c.id, { expertId: world.expert.id });
    const [slot] = await findFreeSlots(db, world.expert.id, { limit: 1 });
    await bookConsultation(db, world.coordinator, c.id, { startsAt: slot!.start });
    const appointment = await db.appointment.findFirstOrThrow({ where: { consultationId: c.id } });
    const jobs = await db.scheduledJob.findMany({ where: { dedupeKey: { startsWith: `reminder:${appointment.id}:` } } });
    expect(jobs.map((j) => j.dedupeKey.split(":").pop()).sort()).toEqual(["15m", "24h"]);

    // Two instances poll at the same moment; then "restart" (new schedulers) once the 15-minute reminder is due too.
    const first = new JobScheduler(db, JOB_HANDLERS, 60_000);
    const second = new JobScheduler(db, JOB_HANDLERS, 60_000);
    await Promise.all([first.tick(), second.tick(), first.tick(), second.tick()]);
    await Promise.all([first.stop(), second.stop()]);
    const dueLater = new Date(slot!.start.getTime() - 10 * 60_000);
    await Promise.all([runDueJobs(db, JOB_HANDLERS, { now: dueLater }), runDueJobs(db, JOB_HANDLERS, { now: dueLater })]);
    await runDueJobs(db, JOB_HANDLERS, { now: dueLater });
    const after = await db.scheduledJob.findMany({ where: { dedupeKey: { startsWith: `reminder:${appointment.id}:` } } });
    expect(after.map((j) => [j.status, j.attempts])).toEqual([
      ["DONE", 1],
      ["DONE", 1],
    ]);

    const reminders = await db.notification.findMany({ where: { kind: { startsWith: "reminder." }, params: { path: ["number"], equals: c.number } } });
    // Requester, expert and the patient, once per reminder.
    expect(reminders.map((n) => `${n.kind}:${n.userId}`).sort()).toEqual(
      [world.doctor.id, world.expert.id, world.patient.id].flatMap((id) => [`reminder.15m:${id}`, `reminder.24h:${id}`]).sort(),
    );
  });

  it("a job that was being run when the process died is still pending and runs once after the restart", async () => {
    await db.scheduledJob.create({ data: { kind: "consultation.reminder", runAt: new Date(Date.now() - 1000), payload: { appointmentId: "00000000-0000-0000-0000-000000000000", offset: "24h" }, dedupeKey: "reminder:crash-test:24h" } });
    // A transaction that claimed the job and then died rolls back: the row is untouched.
    await expect(
      db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM scheduled_job WHERE dedupe_key = 'reminder:crash-test:24h' FOR UPDATE SKIP LOCKED`;
        throw new Error("process killed");
      }),
    ).rejects.toThrow("process killed");
    expect((await db.scheduledJob.findUniqueOrThrow({ where: { dedupeKey: "reminder:crash-test:24h" } })).status).toBe("PENDING");
    await runDueJobs(db, JOB_HANDLERS);
    expect((await db.scheduledJob.findUniqueOrThrow({ where: { dedupeKey: "reminder:crash-test:24h" } })).status).toBe("DONE");
  });
});

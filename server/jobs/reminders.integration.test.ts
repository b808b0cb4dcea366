import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { closeRequest, createDraft, recordConsent, submitRequest } from "@/server/consultation/requests";
import { makeWorld, openExpertCalendar, REQUEST, type World } from "@/server/consultation/testing";
import { assignExpert } from "@/server/consultation/triage";
import { getDb, type Db } from "@/server/db/client";
import type { Platform } from "@/server/platform";
import { findFreeSlots } from "@/server/scheduling/availability";
import { bookConsultation, rescheduleConsultation } from "@/server/scheduling/booking";
import { dueReminder, REMINDER_SWEEP_QUEUE, reminderSweepQueue, sweepReminders } from "@/server/scheduling/reminders";
import { testDatabaseKind, useTestDatabase } from "@/test/db";
import { isFinished, JobRunner } from "./queue";

let db: Db;
let platform: Platform;
let world: World;

beforeAll(async () => {
  platform = await useTestDatabase();
  db = getDb();
  world = await makeWorld(db);
  await openExpertCalendar(db, world.expert.id, 72);
});

const MINUTE = 60_000;

/** A consultation of `world`, booked into the expert's free slot number `slotIndex`. */
async function bookedConsultation(slotIndex = 0) {
  let c = await createDraft(db, world.doctor, { ...REQUEST, residentId: world.residentId, preferredExpertId: null });
  c = await recordConsent(db, world.doctor, c.id, { method: "ON_SCREEN_SIGNATURE", givenBy: "患者本人", expectedVersion: c.version });
  await submitRequest(db, world.doctor, c.id, c.version);
  await assignExpert(db, world.coordinator, c.id, { expertId: world.expert.id });
  const slots = await findFreeSlots(db, world.expert.id, { limit: slotIndex + 1, attendeeIds: [world.doctor.id] });
  const slot = slots[slotIndex]!;
  const booked = await bookConsultation(db, world.coordinator, c.id, { startsAt: slot.start });
  return { consultation: booked.after, slot };
}

async function remindersOf(consultationNumber: string) {
  const rows = await db.notification.findMany({ where: { kind: { startsWith: "reminder." }, params: { path: ["number"], equals: consultationNumber } } });
  return rows.map((n) => `${n.kind}@${(n.params as { startsAt: string }).startsAt}:${n.userId}`).sort();
}

const everyone = () => [world.doctor.id, world.expert.id, world.patient.id];

async function waitUntilFinished(runner: JobRunner, queue: string, id: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await runner.boss.getJobById(queue, id, { includeArchive: true });
    if (isFinished(job)) return job;
    if (Date.now() > until) throw new Error(`job ${id} did not finish: ${job?.state}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe(`reminders by sweep (${testDatabaseKind()})`, () => {
  it("the due reminder: 24 h before, then 15 min before; a passed one only if no later one passed too", () => {
    const now = new Date("2026-11-25T00:00:00Z");
    expect(dueReminder(new Date("2026-11-27T00:00:00Z"), now)).toBeNull();
    expect(dueReminder(new Date("2026-11-26T00:00:00Z"), now)).toBe("24h");
    expect(dueReminder(new Date("2026-11-25T02:00:00Z"), now)).toBe("24h");
    expect(dueReminder(new Date("2026-11-25T00:15:00Z"), now)).toBe("15m");
    expect(dueReminder(new Date("2026-11-25T00:10:00Z"), now)).toBe("15m");
    expect(dueReminder(new Date("2026-11-24T23:00:00Z"), now)).toBeNull();
  });

  it("sends each reminder exactly once to requester, expert and patient, however many sweeps run at once", async () => {
    const { consultation, slot } = await bookedConsultation();
    const now = new Date();
    await Promise.all([sweepReminders(db, now), sweepReminders(db, now)]);
    await sweepReminders(db, now);
    const at = slot.start.toISOString();
    expect(await remindersOf(consultation.number)).toEqual(everyone().map((id) => `reminder.24h@${at}:${id}`).sort());

    // Later, the 15-minute reminder is due: two sweeps at once and another one send it once.
    const dueLater = new Date(slot.start.getTime() - 10 * MINUTE);
    await Promise.all([sweepReminders(db, dueLater), sweepReminders(db, dueLater)]);
    await sweepReminders(db, dueLater);
    expect(await remindersOf(consultation.number)).toEqual(everyone().flatMap((id) => [`reminder.15m@${at}:${id}`, `reminder.24h@${at}:${id}`]).sort());
    const [patientReminder] = await db.notification.findMany({ where: { userId: world.patient.id, kind: "reminder.15m", params: { path: ["number"], equals: consultation.number } } });
    expect(patientReminder).toMatchObject({ link: "/advice" });
  });

  it("a cancelled appointment is not reminded; a rescheduled one is reminded for its new time only", async () => {
    const cancelled = await bookedConsultation();
    await closeRequest(db, world.doctor, cancelled.consultation.id, "cancel", { reason: "患者已转院" });
    await sweepReminders(db, new Date());
    await sweepReminders(db, new Date(cancelled.slot.start.getTime() - 10 * MINUTE));
    expect(await remindersOf(cancelled.consultation.number)).toEqual([]);

    const { consultation, slot } = await bookedConsultation();
    await sweepReminders(db, new Date());
    const [later] = (await findFreeSlots(db, world.expert.id, { from: new Date(slot.start.getTime() + 60 * MINUTE), limit: 1, attendeeIds: [world.doctor.id] })).filter(
      (s) => s.start.getTime() - Date.now() < 20 * 60 * MINUTE,
    );
    await rescheduleConsultation(db, world.coordinator, consultation.id, { startsAt: later!.start, reason: "专家手术时间调整" });
    // Sweeps at the old time's and the new time's 15-minute mark.
    await sweepReminders(db, new Date());
    await sweepReminders(db, new Date(slot.start.getTime() - 10 * MINUTE));
    await sweepReminders(db, new Date(later!.start.getTime() - 10 * MINUTE));
    const [before, after] = [slot.start.toISOString(), later!.start.toISOString()];
    expect(await remindersOf(consultation.number)).toEqual(
      everyone()
        .flatMap((id) => [`reminder.24h@${before}:${id}`, `reminder.24h@${after}:${id}`, `reminder.15m@${after}:${id}`])
        .sort(),
    );
  });

  it("runs on pg-boss: scheduled every minute, a sweep job sends the due reminders", async () => {
    await platform.jobs.start();
    const { boss } = platform.jobs;
    expect(await boss.getSchedules()).toContainEqual(expect.objectContaining({ name: REMINDER_SWEEP_QUEUE, cron: "* * * * *", timezone: "UTC" }));
    expect(await boss.getQueue(REMINDER_SWEEP_QUEUE)).toMatchObject({ policy: "singleton", retryLimit: 3, retryBackoff: true });

    const { consultation, slot } = await bookedConsultation();
    // What pg-boss's cron sends each minute (any process's worker may run it).
    const id = await boss.send(REMINDER_SWEEP_QUEUE, {});
    expect(await waitUntilFinished(platform.jobs, REMINDER_SWEEP_QUEUE, id!)).toMatchObject({ state: "completed" });
    expect(await remindersOf(consultation.number)).toEqual(everyone().map((userId) => `reminder.24h@${slot.start.toISOString()}:${userId}`).sort());
  });

  it("a booking whose reminder is already due asks for a sweep at once: the reminder arrives in seconds, not at the next minute", async () => {
    await platform.jobs.start();
    const { consultation, slot } = await bookedConsultation(3);
    const until = Date.now() + 15_000;
    while ((await remindersOf(consultation.number)).length < 3 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await remindersOf(consultation.number)).toEqual(everyone().map((userId) => `reminder.24h@${slot.start.toISOString()}:${userId}`).sort());
  });

  it("a failed sweep is retried with back-off, and the retry sends each reminder once", async () => {
    const { consultation, slot } = await bookedConsultation();
    // Another process, with a sweep that sends the reminders and then fails once (a queue of the
    // test's own, so no other worker takes the job).
    let runs = 0;
    const flaky = async (sweepDb: Db) => {
      runs++;
      const sent = await sweepReminders(sweepDb);
      if (runs === 1) throw new Error("connection lost after the commit");
      return sent;
    };
    const queue = { ...reminderSweepQueue(db, flaky), name: `reminders-retry-${randomBytes(4).toString("hex")}`, cron: undefined };
    const other = new JobRunner(platform.database.main, { pollSeconds: 0.5, cron: false });
    other.define(queue);
    await other.start();
    try {
      // The queue's back-off, with a one-second first delay instead of ten.
      const id = await other.boss.send(queue.name, {}, { retryDelay: 1 });
      const failedAt = Date.now();
      let retrying;
      for (let i = 0; i < 100 && !retrying; i++) {
        const job = await other.boss.getJobById(queue.name, id!);
        if (job?.state === "retry") retrying = job;
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(retrying).toMatchObject({ retryLimit: 3, retryBackoff: true, retryCount: 0 });
      // Back-off: the first retry waits between one and two delays.
      expect(new Date(retrying!.startAfter).getTime()).toBeGreaterThan(failedAt + 500);
      const done = await waitUntilFinished(other, queue.name, id!);
      expect(done).toMatchObject({ state: "completed", retryCount: 1 });
      expect(runs).toBe(2);
      expect(await remindersOf(consultation.number)).toEqual(everyone().map((userId) => `reminder.24h@${slot.start.toISOString()}:${userId}`).sort());
    } finally {
      await other.stop();
    }
  });

  it("two processes with the cron schedule on send one sweep a minute, not two", async () => {
    const name = `reminders-cron-${randomBytes(4).toString("hex")}`;
    const runs: number[] = [];
    const processes = [0, 1].map(() => {
      // Both look at the schedules every second (instead of every 30 s).
      const runner = new JobRunner(platform.database.main, { pollSeconds: 0.5, cron: true, cronCheckSeconds: 1 });
      runner.define({ ...reminderSweepQueue(db, async () => runs.push(Date.now())), name });
      return runner;
    });
    try {
      await Promise.all(processes.map((runner) => runner.start()));
      const until = Date.now() + 15_000;
      while (runs.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
      // Both monitors have looked several times more by now.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      expect(runs.length).toBeGreaterThan(0);
      // One sweep per scheduled minute. The minute is the one pg-boss sent the sweep for (its
      // send-it job's singleton minute), not the minute the sweep ran in: a sweep sent at 59.8 s
      // runs after the minute's turn, beside the next minute's, and both are right.
      const sentSweeps = async () =>
        (
          await platform.database.main.query<{ minute: Date; jobs: number }>(
            `SELECT singleton_on AS minute, count(*)::int AS jobs FROM pgboss.job WHERE name = '__pgboss__send-it' AND data->>'name' = $1 GROUP BY singleton_on`,
            [name],
          )
        ).rows;
      const sent = await sentSweeps();
      expect(sent.length).toBeGreaterThan(0);
      for (const minute of sent) expect(minute.jobs, `sweeps sent for the minute ${String(minute.minute)}`).toBe(1);
      // Each sent sweep ran once: the two processes did not both run it.
      await expect.poll(async () => (await sentSweeps()).reduce((sum, minute) => sum + minute.jobs, 0) - runs.length, { timeout: 5_000 }).toBe(0);
    } finally {
      await Promise.all(processes.map((runner) => runner.stop()));
      await platform.jobs.boss.unschedule(name);
    }
  }, 40_000);
});

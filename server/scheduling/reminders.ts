/**
 * 候诊提醒: reminders 24 hours and 15 minutes before a session, sent by a sweep. A pg-boss cron
 * job (every minute, once across all processes) looks for appointments whose reminder is due and
 * not yet sent, and sends each exactly once: the reminder_sent row (appointment, kind, start time)
 * and the notifications are stored in one transaction, and a second sweep (a retry, another
 * process) finds the row and sends nothing.
 *
 * The sweep reads the appointments as they are now, so booking queues nothing and cancelling
 * cancels nothing: a cancelled appointment is simply not found, and a rescheduled consultation
 * has a new appointment (a new start time) that is reminded for that time.
 */
import type { Tx } from "@/server/consultation/tx";
import type { Db } from "@/server/db/client";
import type { JobRunner, QueueDefinition } from "@/server/jobs/queue";
import { createNotifications, publishNotifications, type StoredNotification } from "@/server/notifications/notify";
import { MINUTE_MS } from "./time";
import { log } from "@/lib/log";

const logger = log.child({ module: "reminders" });

export const REMINDER_SWEEP_QUEUE = "consultation-reminders";
export const REMINDER_OFFSETS = [
  { label: "24h", minutes: 24 * 60 },
  { label: "15m", minutes: 15 },
] as const;
export type ReminderLabel = (typeof REMINDER_OFFSETS)[number]["label"];

const WINDOW_MS = Math.max(...REMINDER_OFFSETS.map((offset) => offset.minutes)) * MINUTE_MS;

/**
 * The reminder due for a session starting at `startsAt`: the nearest one whose time has passed
 * (booking 10 minutes ahead sends one "15 minutes" reminder, not two); none once it has started.
 */
export function dueReminder(startsAt: Date, now: Date): ReminderLabel | null {
  if (startsAt <= now) return null;
  const passed = REMINDER_OFFSETS.filter((offset) => startsAt.getTime() - offset.minutes * MINUTE_MS <= now.getTime());
  return passed.sort((a, b) => a.minutes - b.minutes)[0]?.label ?? null;
}

export interface DueReminder {
  appointmentId: string;
  startsAt: Date;
  kind: ReminderLabel;
}

/** Appointments (booked, not cancelled, the consultation still scheduled) whose due reminder is not sent yet. */
export async function dueReminders(db: Db | Tx, now: Date, limit = 500): Promise<DueReminder[]> {
  const rows = await db.$queryRaw<{ id: string; starts_at: Date; sent: string[] }[]>`
    SELECT a.id::text, a.starts_at,
           COALESCE(array_agg(r.kind) FILTER (WHERE r.kind IS NOT NULL), '{}') AS sent
      FROM appointment a
      JOIN consultation c ON c.id = a.consultation_id
      LEFT JOIN reminder_sent r ON r.appointment_id = a.id AND r.starts_at = a.starts_at
     WHERE a.cancelled_at IS NULL AND c.status = 'SCHEDULED'
       AND a.starts_at > ${now} AND a.starts_at <= ${new Date(now.getTime() + WINDOW_MS)}
     GROUP BY a.id, a.starts_at
     ORDER BY a.starts_at
     LIMIT ${limit}`;
  return rows.flatMap((row) => {
    const kind = dueReminder(row.starts_at, now);
    return kind && !row.sent.includes(kind) ? [{ appointmentId: row.id, startsAt: row.starts_at, kind }] : [];
  });
}

/** Sends one reminder inside `tx`, unless it was sent already (then it returns no notifications). */
export async function sendReminder(tx: Tx, reminder: DueReminder): Promise<StoredNotification[]> {
  const appointment = await tx.appointment.findUnique({
    where: { id: reminder.appointmentId },
    include: { consultation: { select: { id: true, number: true, status: true, requesterId: true, expertId: true, resident: { select: { userId: true } } } } },
  });
  if (!appointment || appointment.cancelledAt || appointment.consultation.status !== "SCHEDULED") return [];
  if (appointment.startsAt.getTime() !== reminder.startsAt.getTime()) return [];
  // Waits for a concurrent sweep's row: whoever inserts it sends the reminder.
  const claimed = await tx.$executeRaw`
    INSERT INTO reminder_sent (appointment_id, kind, starts_at) VALUES (${reminder.appointmentId}::uuid, ${reminder.kind}, ${reminder.startsAt})
    ON CONFLICT DO NOTHING`;
  if (claimed === 0) return [];
  const { consultation } = appointment;
  const recipients = [consultation.requesterId, consultation.expertId, consultation.resident.userId].filter((id): id is string => Boolean(id));
  const key = `reminder:${appointment.id}:${appointment.startsAt.getTime()}:${reminder.kind}`;
  return createNotifications(
    tx,
    recipients.map((userId) => ({
      userId,
      kind: `reminder.${reminder.kind}`,
      params: { number: consultation.number, startsAt: appointment.startsAt.toISOString() },
      link: userId === consultation.resident.userId ? "/advice" : `/consultations/${consultation.id}`,
      dedupeKey: `${key}:${userId}`,
    })),
  );
}

/** One sweep: every due reminder in its own transaction. Returns how many reminders it sent. */
export function sweepReminders(db: Db, now = new Date()): Promise<number> {
  return sendEach(db, dueReminders(db, now), sendReminder);
}

/**
 * Sends each due reminder in a transaction of its own (a failure leaves the others sent) and
 * publishes its notifications after the commit; answers how many reminders went. Teaching
 * sessions' reminders (server/teaching/reminders.ts) go the same way.
 */
export async function sendEach<R>(db: Db, due: Promise<R[]>, send: (tx: Tx, reminder: R) => Promise<StoredNotification[]>): Promise<number> {
  let sent = 0;
  for (const reminder of await due) {
    const notifications = await db.$transaction((tx) => send(tx, reminder));
    publishNotifications(notifications);
    if (notifications.length > 0) sent++;
  }
  return sent;
}

/**
 * The sweep's queue: every minute, one run at a time across the processes (policy "singleton"),
 * a failed run retried with back-off; a run whose process died expires after two minutes.
 */
export function reminderSweepQueue(db: Db, sweep: (db: Db) => Promise<number> = sweepReminders): QueueDefinition {
  return {
    name: REMINDER_SWEEP_QUEUE,
    policy: "singleton",
    cron: "* * * * *",
    retryLimit: 3,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 120,
    handle: async () => ({ sent: await sweep(db) }),
  };
}

/**
 * A booking (or a move) whose reminder is already due asks for a sweep now rather than at the next
 * minute: someone booked an hour ahead hears of it at once. Debounced by pg-boss (one job per
 * two-second slot, the next slot if this one already has one), so a burst of bookings asks once.
 */
export function sweepSoonIfDue(jobs: Pick<JobRunner, "boss" | "running">, startsAt: Date, now = new Date()): void {
  // A process whose runner is not started (a test, a script) leaves it to the minute's sweep.
  if (!jobs.running || dueReminder(startsAt, now) === null) return;
  jobs.boss.send(REMINDER_SWEEP_QUEUE, {}, { singletonKey: "due-after-booking", singletonSeconds: 2, singletonNextSlot: true }).catch((error: unknown) => {
    logger.warn("could not ask for a reminder sweep; the minute's sweep will send it", { error });
  });
}


/**
 * Teaching reminders, 24 hours and 15 minutes before a session, to its registered trainees, the
 * surgeon and the moderators: the consultation reminders' rule (dueReminder) and the same sweep
 * (the reminder queue runs both, server/compose.ts). A teaching_reminder_sent row, inserted with
 * the notifications, makes each reminder go once however often and in however many processes the
 * sweep runs; a moved session is reminded for its new start, a cancelled one not at all.
 */
import type { Tx } from "@/server/consultation/tx";
import type { Db } from "@/server/db/client";
import { createNotifications, type StoredNotification } from "@/server/notifications/notify";
import { dueReminder, REMINDER_OFFSETS, sendEach, type ReminderLabel } from "@/server/scheduling/reminders";
import { MINUTE_MS } from "@/server/scheduling/time";

const WINDOW_MS = Math.max(...REMINDER_OFFSETS.map((offset) => offset.minutes)) * MINUTE_MS;

export interface DueTeachingReminder {
  sessionId: string;
  startsAt: Date;
  kind: ReminderLabel;
}

export async function dueTeachingReminders(db: Db | Tx, now: Date, limit = 500): Promise<DueTeachingReminder[]> {
  const rows = await db.$queryRaw<{ id: string; starts_at: Date; sent: string[] }[]>`
    SELECT s.id::text, s.starts_at,
           COALESCE(array_agg(r.kind) FILTER (WHERE r.kind IS NOT NULL), '{}') AS sent
      FROM teaching_session s
      LEFT JOIN teaching_reminder_sent r ON r.session_id = s.id AND r.starts_at = s.starts_at
     WHERE s.status = 'SCHEDULED' AND s.starts_at > ${now} AND s.starts_at <= ${new Date(now.getTime() + WINDOW_MS)}
     GROUP BY s.id, s.starts_at
     ORDER BY s.starts_at
     LIMIT ${limit}`;
  return rows.flatMap((row) => {
    const kind = dueReminder(row.starts_at, now);
    return kind && !row.sent.includes(kind) ? [{ sessionId: row.id, startsAt: row.starts_at, kind }] : [];
  });
}

/** Sends one reminder inside `tx` unless it was sent already (or the session moved or was cancelled since). */
export async function sendTeachingReminder(tx: Tx, reminder: DueTeachingReminder): Promise<StoredNotification[]> {
  const session = await tx.teachingSession.findUnique({
    where: { id: reminder.sessionId },
    select: { id: true, title: true, status: true, startsAt: true, surgeonId: true, moderators: { select: { userId: true } }, registrations: { where: { cancelledAt: null }, select: { traineeId: true } } },
  });
  if (!session || session.status !== "SCHEDULED" || session.startsAt.getTime() !== reminder.startsAt.getTime()) return [];
  const claimed = await tx.$executeRaw`
    INSERT INTO teaching_reminder_sent (session_id, kind, starts_at) VALUES (${reminder.sessionId}::uuid, ${reminder.kind}, ${reminder.startsAt})
    ON CONFLICT DO NOTHING`;
  if (claimed === 0) return [];
  const recipients = new Set([session.surgeonId, ...session.moderators.map((m) => m.userId), ...session.registrations.map((r) => r.traineeId)]);
  const key = `teaching-reminder:${session.id}:${session.startsAt.getTime()}:${reminder.kind}`;
  return createNotifications(
    tx,
    [...recipients].map((userId) => ({
      userId,
      kind: `teaching.reminder.${reminder.kind}`,
      params: { title: session.title, startsAt: session.startsAt.toISOString() },
      link: `/teaching/${session.id}`,
      dedupeKey: `${key}:${userId}`,
    })),
  );
}

/** One sweep over the teaching sessions: each due reminder in its own transaction; answers how many went. */
export function sweepTeachingReminders(db: Db, now = new Date()): Promise<number> {
  return sendEach(db, dueTeachingReminders(db, now), sendTeachingReminder);
}

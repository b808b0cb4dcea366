/** 候诊提醒: reminders 24 hours and 15 minutes before a session, run by the job queue. */
import type { Tx } from "@/server/consultation/tx";
import type { ClaimedJob, JobDraft, JobHandler } from "@/server/jobs/queue";
import { createNotifications } from "@/server/notifications/notify";
import { MINUTE_MS } from "./time";

export const REMINDER_JOB = "consultation.reminder";
export const REMINDER_OFFSETS = [
  { label: "24h", minutes: 24 * 60 },
  { label: "15m", minutes: 15 },
] as const;

export function reminderPrefix(appointmentId: string): string {
  return `reminder:${appointmentId}:`;
}

/**
 * Reminders whose time has passed are sent at once, except when a later one has passed too
 * (booking 10 minutes ahead sends one "15 minutes" reminder, not two).
 */
export function reminderJobs(appointmentId: string, startsAt: Date, now = new Date()): JobDraft[] {
  if (startsAt <= now) return [];
  const due = REMINDER_OFFSETS.map((offset) => ({ ...offset, runAt: new Date(startsAt.getTime() - offset.minutes * MINUTE_MS) }));
  const nearestPassed = due.filter((offset) => offset.runAt <= now).sort((a, b) => a.minutes - b.minutes)[0];
  return due
    .filter((offset) => offset.runAt > now || offset === nearestPassed)
    .map((offset) => ({
      kind: REMINDER_JOB,
      runAt: offset.runAt > now ? offset.runAt : now,
      payload: { appointmentId, offset: offset.label },
      dedupeKey: `${reminderPrefix(appointmentId)}${offset.label}`,
    }));
}

export const sendReminder: JobHandler = async (tx: Tx, job: ClaimedJob) => {
  const { appointmentId, offset } = job.payload as { appointmentId: string; offset: string };
  const appointment = await tx.appointment.findUnique({
    where: { id: appointmentId },
    include: { consultation: { select: { id: true, number: true, status: true, requesterId: true, expertId: true, resident: { select: { userId: true } } } } },
  });
  if (!appointment || appointment.cancelledAt || appointment.consultation.status !== "SCHEDULED") return [];
  const { consultation } = appointment;
  const recipients = [consultation.requesterId, consultation.expertId, consultation.resident.userId].filter((id): id is string => Boolean(id));
  return createNotifications(
    tx,
    recipients.map((userId) => ({
      userId,
      kind: `reminder.${offset}`,
      params: { number: consultation.number, startsAt: appointment.startsAt.toISOString() },
      link: userId === consultation.resident.userId ? "/advice" : `/consultations/${consultation.id}`,
      dedupeKey: `${job.dedupe_key}:${userId}`,
    })),
  );
};

export const JOB_HANDLERS: Record<string, JobHandler> = { [REMINDER_JOB]: sendReminder };

/**
 * Booking a consultation into an expert's slot. PostgreSQL decides who wins: the exclusion
 * constraint person_booking_no_overlap refuses a second overlapping booking of any attendee
 * (expert or requesting doctor); the loser gets "this time was just taken" and the next free slots.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { rowVersion } from "@/lib/validation";
import { AppError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { SessionUser } from "@/server/auth/signIn";
import { checkTransition, sqlPartyFor, TRANSITIONS, type TransitionRule } from "@/server/consultation/stateMachine";
import { runTransition, StaleVersionError, type TransitionResult } from "@/server/consultation/transition";
import type { Tx } from "@/server/consultation/tx";
import type { Db } from "@/server/db/client";
import { publishNotifications } from "@/server/notifications/notify";
import { sweepSoonIfDue } from "./reminders";
import { findFreeSlots, slotsOfCalendar } from "./availability";
import { getPlatform } from "@/server/platform";
import { STALE_VERSION_SQLSTATE, type BookCall, type BookOutcome } from "./bookingStore";
import type { Interval } from "./slots";
import { DAY_MS } from "./time";
import { MISSING } from "@/server/notFound";

export const bookSchema = z.object({
  startsAt: z.coerce.date(),
  expectedVersion: rowVersion.optional(),
  reason: z.string().trim().min(2).max(500).optional(),
});

export class SlotTakenError extends AppError {
  constructor(nextSlots: Interval[]) {
    super("CONFLICT", "scheduling.slotTaken", { publicCode: "SLOT_TAKEN", details: { nextSlots: nextSlots.map((s) => ({ startsAt: s.start, endsAt: s.end })) } });
  }
}

export function isOverlapViolation(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown): boolean => {
    if (!value || typeof value !== "object" || seen.has(value)) return false;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (record.code === "23P01" || record.originalCode === "23P01") return true;
    if (typeof record.message === "string" && record.message.includes("no_overlap")) return true;
    return ["cause", "meta", "driverAdapterError"].some((key) => visit(record[key]));
  };
  return visit(error);
}

async function holdSlot(tx: Tx, consultation: { id: string; expertId: string | null; requesterId: string }, actor: SessionUser, startsAt: Date) {
  if (!consultation.expertId) throw new ValidationError("scheduling.noExpert");
  if (startsAt.getTime() <= Date.now()) throw new ValidationError("scheduling.slotInPast");
  // The slot must be one the expert offers; who is busy is the exclusion constraint's job.
  const offered = await findFreeSlots(tx, consultation.expertId, { from: new Date(startsAt.getTime() - 1), days: 1, limit: 200, ignoreBookings: true });
  const slot = offered.find((candidate) => candidate.start.getTime() === startsAt.getTime());
  if (!slot) throw new SlotTakenError(await nextSlotsFor(tx, consultation.expertId, consultation.requesterId, startsAt));
  const appointment = await tx.appointment.create({
    data: { consultationId: consultation.id, startsAt: slot.start, endsAt: slot.end, bookedById: actor.id },
  });
  await tx.personBooking.createMany({
    data: [consultation.expertId, consultation.requesterId].map((userId) => ({ appointmentId: appointment.id, userId, startsAt: slot.start, endsAt: slot.end })),
  });
  return { appointment, slot };
}

const NEXT_SLOTS_DAYS = 14;
const NEXT_SLOTS_LIMIT = 5;

export function nextSlotsFor(db: Db | Tx, expertId: string, requesterId: string, from: Date): Promise<Interval[]> {
  return findFreeSlots(db, expertId, { from: new Date(Math.max(from.getTime(), Date.now())), days: NEXT_SLOTS_DAYS, attendeeIds: [requesterId], limit: NEXT_SLOTS_LIMIT });
}

async function releaseCurrent(tx: Tx, consultationId: string, reason: string | null) {
  const current = await tx.appointment.findFirst({ where: { consultationId, cancelledAt: null } });
  if (!current) return;
  await tx.appointment.update({ where: { id: current.id }, data: { cancelledAt: new Date(), cancelReason: reason } });
  await tx.personBooking.updateMany({ where: { appointmentId: current.id }, data: { active: false } });
}

async function withSlotConflict<T>(db: Db, consultationId: string, startsAt: Date, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isOverlapViolation(error)) throw error;
    const consultation = await db.consultation.findUniqueOrThrow({ where: { id: consultationId } });
    throw new SlotTakenError(consultation.expertId ? await nextSlotsFor(db, consultation.expertId, consultation.requesterId, startsAt) : []);
  }
}

/** Who may book: the role check of both the API route and the fast route. */

/**
 * One round trip (bookingStore.ts): lock, state-machine check, slot check, holds under the
 * exclusion constraint, transition, event, audit and notifications. Only a loser's next free
 * slots are computed here, from the calendar the same round trip returned. Reminders need
 * nothing queued: the reminder sweep (reminders.ts) finds the appointment.
 */
/** The fast path's call for one booking: the state machine's rule for "schedule", as the TypeScript transition would apply it. */
export function scheduleCall(actor: SessionUser, consultationId: string, input: z.infer<typeof bookSchema>, now: Date, requestId?: string): BookCall {
  const rule: TransitionRule = TRANSITIONS.schedule;
  const appointmentId = randomUUID();
  return {
    consultationId,
    actor,
    party: sqlPartyFor("schedule", actor.role),
    fromStatuses: rule.from,
    toStatus: rule.to,
    action: "schedule",
    startsAt: input.startsAt,
    now,
    expectedVersion: input.expectedVersion,
    requestId,
    appointmentId,
    notifyParams: { startsAt: input.startsAt.toISOString() },
  };
}

export async function bookConsultation(_db: Db, actor: SessionUser, consultationId: string, input: z.infer<typeof bookSchema>, requestId?: string): Promise<TransitionResult> {
  const now = new Date();
  let answer: BookOutcome;
  try {
    answer = await getPlatform().bookingStore.book(scheduleCall(actor, consultationId, input, now, requestId));
  } catch (error) {
    if ((error as { code?: string }).code === STALE_VERSION_SQLSTATE) throw new StaleVersionError();
    throw error;
  }
  switch (answer.outcome) {
    case "not_found":
      throw new NotFoundError(MISSING.consultation);
    case "refused":
      checkTransition("schedule", answer.subject, actor);
      throw new ForbiddenError("consultation.notYourAction");
    case "no_expert":
      throw new ValidationError("scheduling.noExpert");
    case "past":
      throw new ValidationError("scheduling.slotInPast");
    case "not_offered":
    case "taken": {
      const from = new Date(Math.max(input.startsAt.getTime(), now.getTime()));
      throw new SlotTakenError(slotsOfCalendar(answer.calendar, from, new Date(from.getTime() + NEXT_SLOTS_DAYS * DAY_MS), NEXT_SLOTS_LIMIT));
    }
    case "ok": {
      const result = { before: answer.before, after: answer.after, notifications: answer.notifications };
      publishNotifications(result.notifications);
      sweepSoonIfDue(getPlatform().jobs, input.startsAt, now);
      return result;
    }
  }
}

export async function rescheduleConsultation(db: Db, actor: SessionUser, consultationId: string, input: z.infer<typeof bookSchema>, requestId?: string): Promise<TransitionResult> {
  if (!input.reason) throw new ValidationError("scheduling.reasonRequired");
  const result = await withSlotConflict(db, consultationId, input.startsAt, () =>
    db.$transaction(async (tx) => {
      // The transition first: it locks the row and checks who may reschedule from which status.
      const transition = await runTransition(tx, actor, consultationId, "reschedule", {
        expectedVersion: input.expectedVersion,
        reason: input.reason,
        requestId,
        notifyParams: { startsAt: input.startsAt.toISOString() },
      });
      await releaseCurrent(tx, consultationId, input.reason ?? null);
      const { slot } = await holdSlot(tx, transition.after, actor, input.startsAt);
      const after = await tx.consultation.update({ where: { id: consultationId }, data: { scheduledStart: slot.start, scheduledEnd: slot.end } });
      return { ...transition, after };
    }),
  );
  publishNotifications(result.notifications);
  sweepSoonIfDue(getPlatform().jobs, input.startsAt);
  return result;
}

/** Called inside the cancel/withdraw transition: frees everyone's time (the reminder sweep skips cancelled appointments). */
export async function releaseBooking(tx: Tx, consultationId: string, reason: string | null): Promise<void> {
  await releaseCurrent(tx, consultationId, reason);
}

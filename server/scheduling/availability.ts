/** Expert availability: weekly templates and exceptions, and the free slots they give. */
import { z } from "zod";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { isAllowed } from "@/server/access/policy";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { DbOrTx } from "@/server/consultation/tx";
import type { Db } from "@/server/db/client";
import { blockedByExceptions, DEFAULT_SLOT_MINUTES, freeSlots, MAX_SLOT_MINUTES, MIN_SLOT_MINUTES, openWindows, type ExceptionWindow, type Interval, type TemplateWindow } from "./slots";
import { DAY_MS } from "./time";
import { MISSING } from "@/server/notFound";

const slotMinutes = z.number().int().min(MIN_SLOT_MINUTES).max(MAX_SLOT_MINUTES).default(DEFAULT_SLOT_MINUTES);

export const templatesSchema = z.object({
  expertId: z.uuid().optional(),
  templates: z
    .array(
      z.object({
        weekday: z.number().int().min(1).max(7),
        startMinute: z.number().int().min(0).max(1439),
        endMinute: z.number().int().min(1).max(1440),
        slotMinutes,
      }),
    )
    .max(50),
});

export const exceptionSchema = z.object({
  expertId: z.uuid().optional(),
  kind: z.enum(["LEAVE", "SURGERY", "EXTRA"]),
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
  slotMinutes,
  note: z.string().trim().max(200).optional(),
});

/**
 * A specialist manages their own calendar; a coordinator may manage any expert's (the access
 * policy's calendar.manage, or calendar.slots to read the free slots, with the expert as subject).
 */
export async function resolveExpert(db: DbOrTx, actor: SessionUser, expertId?: string, action: "calendar.manage" | "calendar.slots" = "calendar.manage"): Promise<string> {
  const id = expertId ?? (actor.role === "SPECIALIST" ? actor.id : undefined);
  if (!id) throw new ValidationError("scheduling.expertRequired");
  if (!isAllowed(actor, action, { subjectUserId: id })) throw new ForbiddenError("scheduling.ownCalendarOnly");
  const expert = await db.user.findUnique({ where: { id }, select: { role: true } });
  if (!expert || expert.role !== "SPECIALIST") throw new NotFoundError(MISSING.expert);
  return id;
}

export async function replaceTemplates(db: Db, actor: SessionUser, input: z.infer<typeof templatesSchema>) {
  const expertId = await resolveExpert(db, actor, input.expertId);
  const rows = [...input.templates].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
  for (const [i, row] of rows.entries()) {
    if (row.endMinute <= row.startMinute) throw new ValidationError("scheduling.endBeforeStart");
    if (row.endMinute - row.startMinute < row.slotMinutes) throw new ValidationError("scheduling.windowShorterThanSlot");
    const previous = rows[i - 1];
    if (previous && previous.weekday === row.weekday && previous.endMinute > row.startMinute) throw new ValidationError("scheduling.templatesOverlap");
  }
  await db.$transaction(async (tx) => {
    await tx.availabilityTemplate.deleteMany({ where: { expertId } });
    if (rows.length > 0) await tx.availabilityTemplate.createMany({ data: rows.map((row) => ({ ...row, expertId })) });
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "availability.templates", targetType: "user", targetId: expertId, details: { count: rows.length } });
  });
  return listAvailability(db, expertId);
}

export async function addException(db: Db, actor: SessionUser, input: z.infer<typeof exceptionSchema>) {
  const expertId = await resolveExpert(db, actor, input.expertId);
  if (input.endsAt <= input.startsAt) throw new ValidationError("scheduling.endBeforeStart");
  if (input.endsAt.getTime() - input.startsAt.getTime() > 90 * DAY_MS) throw new ValidationError("scheduling.exceptionTooLong");
  const row = await db.availabilityException.create({
    data: { expertId, kind: input.kind, startsAt: input.startsAt, endsAt: input.endsAt, slotMinutes: input.slotMinutes, note: input.note ?? null },
  });
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "availability.exception.add", targetType: "user", targetId: expertId, details: { kind: input.kind } });
  return row;
}

export async function deleteException(db: Db, actor: SessionUser, id: string) {
  const row = await db.availabilityException.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(MISSING.availabilityException);
  await resolveExpert(db, actor, row.expertId);
  await db.availabilityException.delete({ where: { id } });
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "availability.exception.delete", targetType: "user", targetId: row.expertId });
}

export async function listAvailability(db: DbOrTx, expertId: string) {
  const [templates, exceptions] = await Promise.all([
    db.availabilityTemplate.findMany({ where: { expertId }, orderBy: [{ weekday: "asc" }, { startMinute: "asc" }] }),
    db.availabilityException.findMany({ where: { expertId, endsAt: { gt: new Date() } }, orderBy: { startsAt: "asc" } }),
  ]);
  return { expertId, templates, exceptions };
}

export async function busyIntervals(db: DbOrTx, userIds: string[], from: Date, to: Date): Promise<Interval[]> {
  const rows = await db.personBooking.findMany({
    where: { userId: { in: userIds }, active: true, startsAt: { lt: to }, endsAt: { gt: from } },
    select: { startsAt: true, endsAt: true },
  });
  return rows.map((row) => ({ start: row.startsAt, end: row.endsAt }));
}

/** What free slots are computed from: the expert's openings and everyone's busy time. */
export interface Calendar {
  templates: TemplateWindow[];
  exceptions: ExceptionWindow[];
  busy: Interval[];
}

export function slotsOfCalendar(calendar: Calendar, from: Date, to: Date, limit: number): Interval[] {
  return freeSlots(openWindows(calendar.templates, calendar.exceptions, from, to), [...blockedByExceptions(calendar.exceptions), ...calendar.busy], { notBefore: from, limit });
}

/** Free slots of the expert that every attendee (e.g. the requesting doctor) also has free. */
export async function findFreeSlots(
  db: DbOrTx,
  expertId: string,
  options: { from?: Date; days?: number; limit?: number; attendeeIds?: string[]; ignoreBookings?: boolean } = {},
): Promise<Interval[]> {
  const from = options.from ?? new Date();
  const to = new Date(from.getTime() + (options.days ?? 14) * DAY_MS);
  const [templates, exceptions] = await Promise.all([
    db.availabilityTemplate.findMany({ where: { expertId } }),
    db.availabilityException.findMany({ where: { expertId, startsAt: { lt: to }, endsAt: { gt: from } } }),
  ]);
  const busy = options.ignoreBookings ? [] : await busyIntervals(db, [expertId, ...(options.attendeeIds ?? [])], from, to);
  return slotsOfCalendar({ templates, exceptions, busy }, from, to, options.limit ?? 40);
}

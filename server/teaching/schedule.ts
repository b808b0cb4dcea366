/**
 * Scheduling a surgical teaching session (远程手术示教): a coordinator books the surgeon, an
 * operating room and its camera kit for a time, names the moderators and invites institutions.
 * PostgreSQL decides clashes: one exclusion constraint per resource (prisma/migrations/
 * *_teaching_sessions) refuses a second scheduled session that overlaps, and the refusal names the
 * busy resource (409 RESOURCE_BUSY) with the session that holds it. Changing or cancelling a
 * session moves its video room's members, its registrations and its people's notifications with it.
 */
import { z } from "zod";
import { AppError, ConflictError, ValidationError } from "@/lib/errors";
import { displayText, rowVersion } from "@/lib/validation";
import { TEACHING_MODERATOR_ROLES } from "@/server/access/policy";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import { StaleVersionError } from "@/server/consultation/transition";
import type { Tx } from "@/server/consultation/tx";
import type { Db } from "@/server/db/client";
import type { Prisma, TeachingSession } from "@/server/db/generated/client";
import { createNotifications, publishNotifications, type NotificationDraft } from "@/server/notifications/notify";
import { getPlatform } from "@/server/platform";
import { sweepSoonIfDue } from "@/server/scheduling/reminders";
import { minutesToClock, MINUTE_MS, shanghaiDateKey, toShanghai } from "@/server/scheduling/time";
import { markRoomStatus } from "@/server/video/rooms";
import { authorizeTeaching } from "./access";
import { dropFromLiveRoom, writeTeachingRoom } from "./room";

export const MIN_DURATION_MINUTES = 15;
export const MAX_DURATION_MINUTES = 12 * 60;
export const MAX_MODERATORS = 10;
export const MAX_INVITED = 200;

const sessionFields = {
  title: displayText(200).min(1),
  procedure: displayText(200).min(1),
  description: displayText(2000).optional(),
  surgeonId: z.uuid(),
  moderatorIds: z.array(z.uuid()).min(1).max(MAX_MODERATORS),
  operatingRoomId: z.uuid(),
  cameraKitId: z.uuid(),
  startsAt: z.coerce.date(),
  durationMinutes: z.number().int().min(MIN_DURATION_MINUTES).max(MAX_DURATION_MINUTES),
  invitedInstitutionIds: z.array(z.uuid()).min(1).max(MAX_INVITED),
};

export const scheduleSchema = z.strictObject(sessionFields);
/** A change: any of the fields, with the version the coordinator saw. */
export const changeSchema = z.strictObject({ ...z.object(sessionFields).partial().shape, expectedVersion: rowVersion });
export const cancelSchema = z.strictObject({ reason: displayText(500).min(2), expectedVersion: rowVersion.optional() });

export type ScheduleInput = z.infer<typeof scheduleSchema>;

/** The three bookable resources, each with the exclusion constraint that keeps it in one session at a time. */
export const BOOKABLE_RESOURCES = {
  surgeon: "teaching_session_surgeon_no_overlap",
  operatingRoom: "teaching_session_operating_room_no_overlap",
  cameraKit: "teaching_session_camera_kit_no_overlap",
} as const;
export type BookableResource = keyof typeof BOOKABLE_RESOURCES;

/** 409: the resource is in another scheduled session then; says which resource, and which session holds it. */
export class ResourceBusyError extends AppError {
  constructor(resource: BookableResource, holder: { resourceId: string; name: string; session: { id: string; title: string; startsAt: Date; endsAt: Date } | null }) {
    super("CONFLICT", `teaching.busy.${resource}`, {
      publicCode: "RESOURCE_BUSY",
      params: { name: holder.name, title: holder.session?.title ?? "—", from: wallClock(holder.session?.startsAt), to: wallClock(holder.session?.endsAt) },
      details: {
        resource,
        resourceId: holder.resourceId,
        name: holder.name,
        session: holder.session ? { ...holder.session, startsAt: holder.session.startsAt.toISOString(), endsAt: holder.session.endsAt.toISOString() } : null,
      },
    });
  }
}

/** "2026-12-10 09:30" in Shanghai: the message is built before the reader's locale is known. */
function wallClock(date: Date | undefined): string {
  return date ? `${shanghaiDateKey(date)} ${minutesToClock(toShanghai(date).minuteOfDay)}` : "—";
}

/** The bookable resource whose constraint refused the write, from the error as the driver adapter carries it. */
export function busyResourceOf(error: unknown): BookableResource | null {
  const seen = new Set<unknown>();
  const names = Object.entries(BOOKABLE_RESOURCES);
  const visit = (value: unknown): BookableResource | null => {
    if (typeof value === "string") return (names.find(([, constraint]) => value.includes(constraint))?.[0] as BookableResource | undefined) ?? null;
    if (!value || typeof value !== "object" || seen.has(value)) return null;
    seen.add(value);
    for (const inner of Object.values(value as Record<string, unknown>)) {
      const found = visit(inner);
      if (found) return found;
    }
    // Error's own message is not enumerable.
    return value instanceof Error ? visit(value.message) ?? visit(value.cause) : null;
  };
  return visit(error);
}

interface Checked {
  title: string;
  procedure: string;
  description: string;
  surgeonId: string;
  moderatorIds: string[];
  operatingRoomId: string;
  cameraKitId: string;
  startsAt: Date;
  endsAt: Date;
  invitedInstitutionIds: string[];
  /** For messages. */
  names: { surgeon: string; operatingRoom: string; cameraKit: string };
}

/** Everything a session names must exist and fit: a specialist operates, coordinators or specialists moderate, the kit is of the room's hospital. */
async function checkSession(db: Db | Tx, input: ScheduleInput, now: Date, startMoved = true): Promise<Checked> {
  // A running session may still get a moderator or an invitation; a new or moved one starts in the future.
  if (startMoved && input.startsAt.getTime() <= now.getTime()) throw new ValidationError("teaching.startInPast");
  const moderatorIds = [...new Set(input.moderatorIds)];
  const invitedInstitutionIds = [...new Set(input.invitedInstitutionIds)];
  if (moderatorIds.includes(input.surgeonId)) throw new ValidationError("teaching.surgeonIsModerator");
  const [people, operatingRoom, cameraKit, institutions] = await Promise.all([
    db.user.findMany({ where: { id: { in: [input.surgeonId, ...moderatorIds] }, disabled: false }, select: { id: true, role: true, displayName: true } }),
    db.operatingRoom.findUnique({ where: { id: input.operatingRoomId } }),
    db.cameraKit.findUnique({ where: { id: input.cameraKitId } }),
    db.institution.count({ where: { id: { in: invitedInstitutionIds } } }),
  ]);
  const surgeon = people.find((p) => p.id === input.surgeonId);
  if (!surgeon || surgeon.role !== "SPECIALIST") throw new ValidationError("teaching.surgeonInvalid");
  const moderatorRoles: readonly string[] = TEACHING_MODERATOR_ROLES;
  if (moderatorIds.some((id) => !moderatorRoles.includes(people.find((p) => p.id === id)?.role ?? ""))) throw new ValidationError("teaching.moderatorInvalid");
  if (!operatingRoom?.active) throw new ValidationError("teaching.operatingRoomInvalid");
  if (!cameraKit?.active || cameraKit.institutionId !== operatingRoom.institutionId) throw new ValidationError("teaching.cameraKitInvalid");
  if (institutions !== invitedInstitutionIds.length) throw new ValidationError("teaching.institutionInvalid");
  return {
    title: input.title,
    procedure: input.procedure,
    description: input.description ?? "",
    surgeonId: surgeon.id,
    moderatorIds,
    operatingRoomId: operatingRoom.id,
    cameraKitId: cameraKit.id,
    startsAt: input.startsAt,
    endsAt: new Date(input.startsAt.getTime() + input.durationMinutes * MINUTE_MS),
    invitedInstitutionIds,
    names: { surgeon: surgeon.displayName, operatingRoom: operatingRoom.name, cameraKit: cameraKit.name },
  };
}

/** The session row's own columns, as checked. */
function sessionColumns(checked: Checked) {
  const { title, procedure, description, surgeonId, operatingRoomId, cameraKitId, startsAt, endsAt } = checked;
  return { title, procedure, description, surgeonId, operatingRoomId, cameraKitId, startsAt, endsAt };
}

/** Turns the exclusion constraint's refusal into the 409 that names the resource and the session holding it. */
async function withClashNamed<T>(db: Db, checked: Checked, selfId: string | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const resource = busyResourceOf(error);
    if (!resource) throw error;
    const held: Record<BookableResource, Prisma.TeachingSessionWhereInput> = {
      surgeon: { surgeonId: checked.surgeonId },
      operatingRoom: { operatingRoomId: checked.operatingRoomId },
      cameraKit: { cameraKitId: checked.cameraKitId },
    };
    const resourceId = { surgeon: checked.surgeonId, operatingRoom: checked.operatingRoomId, cameraKit: checked.cameraKitId }[resource];
    const holder = await db.teachingSession.findFirst({
      where: { ...held[resource], status: "SCHEDULED", startsAt: { lt: checked.endsAt }, endsAt: { gt: checked.startsAt }, ...(selfId ? { id: { not: selfId } } : {}) },
      select: { id: true, title: true, startsAt: true, endsAt: true },
      orderBy: { startsAt: "asc" },
    });
    throw new ResourceBusyError(resource, { resourceId, name: checked.names[resource], session: holder });
  }
}

const sessionLink = (id: string) => `/teaching/${id}`;

/** The people a session concerns: the surgeon, the moderators and (once registered) the trainees. */
async function sessionPeople(tx: Tx, sessionId: string): Promise<{ hosts: string[]; trainees: string[] }> {
  const row = await tx.teachingSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: { surgeonId: true, moderators: { select: { userId: true } }, registrations: { where: { cancelledAt: null }, select: { traineeId: true } } },
  });
  return { hosts: [row.surgeonId, ...row.moderators.map((m) => m.userId)], trainees: row.registrations.map((r) => r.traineeId) };
}

function notices(userIds: readonly string[], kind: string, session: { id: string; title: string; startsAt: Date }, key: string): NotificationDraft[] {
  return [...new Set(userIds)].map((userId) => ({ userId, kind, params: { title: session.title, startsAt: session.startsAt.toISOString() }, link: sessionLink(session.id), dedupeKey: `${key}:${userId}` }));
}

/** Institution admins of the invited hospitals: they register their clinicians. */
async function invitedAdmins(tx: Tx, institutionIds: readonly string[]): Promise<string[]> {
  if (institutionIds.length === 0) return [];
  const admins = await tx.user.findMany({ where: { role: "INSTITUTION_ADMIN", disabled: false, institutionId: { in: [...institutionIds] } }, select: { id: true } });
  return admins.map((a) => a.id);
}

export async function scheduleSession(db: Db, actor: SessionUser, input: ScheduleInput, requestId?: string): Promise<TeachingSession> {
  const now = new Date();
  const checked = await checkSession(db, input, now);
  const { session, notifications } = await withClashNamed(db, checked, null, () =>
    db.$transaction(async (tx) => {
      const videoRoomId = await writeTeachingRoom(tx, { ...checked, videoRoomId: null }, []);
      const session = await tx.teachingSession.create({
        data: {
          ...sessionColumns(checked),
          videoRoomId,
          createdById: actor.id,
          moderators: { createMany: { data: checked.moderatorIds.map((userId) => ({ userId })) } },
          invitations: { createMany: { data: checked.invitedInstitutionIds.map((institutionId) => ({ institutionId })) } },
        },
      });
      await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "teaching.schedule", targetType: "teaching_session", targetId: session.id, requestId, details: { startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString() } });
      const key = `teaching:${session.id}:scheduled`;
      const notifications = await createNotifications(tx, [
        ...notices([checked.surgeonId], "teaching.presenting", session, key),
        ...notices(checked.moderatorIds, "teaching.moderating", session, key),
        ...notices(await invitedAdmins(tx, checked.invitedInstitutionIds), "teaching.invited", session, key),
      ]);
      return { session, notifications };
    }),
  );
  publishNotifications(notifications);
  sweepSoonIfDue(getPlatform().jobs, session.startsAt, now);
  return session;
}

/** A change of time, resources, people or invitations; trainees of institutions no longer invited lose their place. */
export async function changeSession(db: Db, actor: SessionUser, sessionId: string, input: z.infer<typeof changeSchema>, requestId?: string): Promise<TeachingSession> {
  await authorizeTeaching(db, actor, sessionId, "teaching.schedule");
  const now = new Date();
  const current = await db.teachingSession.findUniqueOrThrow({ where: { id: sessionId }, include: { moderators: true, invitations: true } });
  if (current.status !== "SCHEDULED") throw new ConflictError("teaching.notScheduled", undefined, "TEACHING_NOT_SCHEDULED");
  if (current.version !== input.expectedVersion) throw new StaleVersionError();
  const { expectedVersion, ...patch } = input;
  const checked = await checkSession(
    db,
    {
      title: current.title,
      procedure: current.procedure,
      description: current.description,
      surgeonId: current.surgeonId,
      moderatorIds: current.moderators.map((m) => m.userId),
      operatingRoomId: current.operatingRoomId,
      cameraKitId: current.cameraKitId,
      startsAt: current.startsAt,
      durationMinutes: Math.round((current.endsAt.getTime() - current.startsAt.getTime()) / MINUTE_MS),
      invitedInstitutionIds: current.invitations.map((i) => i.institutionId),
      ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)),
    },
    now,
    patch.startsAt !== undefined && patch.startsAt.getTime() !== current.startsAt.getTime(),
  );
  const { session, dropped, notifications } = await withClashNamed(db, checked, sessionId, () =>
    db.$transaction(async (tx) => {
      const updated = await tx.teachingSession.updateMany({
        where: { id: sessionId, version: expectedVersion, status: "SCHEDULED" },
        data: {
          ...sessionColumns(checked),
          version: { increment: 1 },
        },
      });
      if (updated.count === 0) throw new StaleVersionError();
      await tx.teachingModerator.deleteMany({ where: { sessionId, userId: { notIn: checked.moderatorIds } } });
      await tx.teachingModerator.createMany({ data: checked.moderatorIds.map((userId) => ({ sessionId, userId })), skipDuplicates: true });
      await tx.teachingInvitation.deleteMany({ where: { sessionId, institutionId: { notIn: checked.invitedInstitutionIds } } });
      await tx.teachingInvitation.createMany({ data: checked.invitedInstitutionIds.map((institutionId) => ({ sessionId, institutionId })), skipDuplicates: true });
      // Trainees of an institution no longer invited lose their place.
      const uninvited = await tx.teachingRegistration.findMany({ where: { sessionId, cancelledAt: null, institutionId: { notIn: checked.invitedInstitutionIds } }, select: { traineeId: true } });
      if (uninvited.length > 0) {
        await tx.teachingRegistration.updateMany({ where: { sessionId, traineeId: { in: uninvited.map((r) => r.traineeId) } }, data: { cancelledAt: now, cancelledById: actor.id } });
      }
      const session = await tx.teachingSession.findUniqueOrThrow({ where: { id: sessionId } });
      const people = await sessionPeople(tx, sessionId);
      await writeTeachingRoom(tx, { ...checked, videoRoomId: session.videoRoomId }, people.trainees);
      await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "teaching.change", targetType: "teaching_session", targetId: sessionId, requestId, details: { changed: Object.keys(patch) } });
      const moved = session.startsAt.getTime() !== current.startsAt.getTime() || session.endsAt.getTime() !== current.endsAt.getTime();
      const key = `teaching:${sessionId}:v${session.version}`;
      const notifications = await createNotifications(tx, [
        ...(moved ? notices([...people.hosts, ...people.trainees], "teaching.moved", session, key) : []),
        ...notices(checked.moderatorIds.filter((id) => !current.moderators.some((m) => m.userId === id)), "teaching.moderating", session, key),
        ...(session.surgeonId !== current.surgeonId ? notices([session.surgeonId], "teaching.presenting", session, key) : []),
        ...notices(uninvited.map((r) => r.traineeId), "teaching.registrationEnded", session, key),
      ]);
      const formerHosts = [current.surgeonId, ...current.moderators.map((m) => m.userId)].filter((id) => !people.hosts.includes(id));
      return { session, dropped: [...formerHosts, ...uninvited.map((r) => r.traineeId)], notifications };
    }),
  );
  publishNotifications(notifications);
  await dropFromLiveRoom(session.videoRoomId, dropped, "teaching.room.noLongerRegistered");
  sweepSoonIfDue(getPlatform().jobs, session.startsAt, now);
  return session;
}

/** Cancelled: its resources are free again, its room closes, everyone taking part is told. */
export async function cancelSession(db: Db, actor: SessionUser, sessionId: string, input: z.infer<typeof cancelSchema>, requestId?: string): Promise<TeachingSession> {
  await authorizeTeaching(db, actor, sessionId, "teaching.schedule");
  const now = new Date();
  const { session, everyone, notifications } = await db.$transaction(async (tx) => {
    const updated = await tx.teachingSession.updateMany({
      where: { id: sessionId, status: "SCHEDULED", ...(input.expectedVersion !== undefined ? { version: input.expectedVersion } : {}) },
      data: { status: "CANCELLED", cancelledAt: now, cancelReason: input.reason, version: { increment: 1 } },
    });
    if (updated.count === 0) {
      const row = await tx.teachingSession.findUniqueOrThrow({ where: { id: sessionId }, select: { status: true } });
      if (row.status !== "SCHEDULED") throw new ConflictError("teaching.notScheduled", undefined, "TEACHING_NOT_SCHEDULED");
      throw new StaleVersionError();
    }
    const session = await tx.teachingSession.findUniqueOrThrow({ where: { id: sessionId } });
    const people = await sessionPeople(tx, sessionId);
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "teaching.cancel", targetType: "teaching_session", targetId: sessionId, requestId, details: { reason: input.reason } });
    const everyone = [...people.hosts, ...people.trainees];
    const notifications = await createNotifications(tx, notices(everyone, "teaching.cancelled", session, `teaching:${sessionId}:cancelled`));
    return { session, everyone, notifications };
  });
  await markRoomStatus(db, session.videoRoomId, "ENDED");
  publishNotifications(notifications);
  await dropFromLiveRoom(session.videoRoomId, everyone, "teaching.room.cancelled");
  return session;
}

/**
 * Registration (报名): a clinician of an invited institution registers themselves, or the
 * institution's admin registers its clinicians. A registration makes the trainee a viewer of the
 * session's video room in the same transaction; cancelling takes them out of it (and out of the
 * live room at once). Registering again after a cancellation reopens the same row.
 */
import { z } from "zod";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { assertAllowed, CLINICAL_ROLES } from "@/server/access/policy";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { TeachingRegistrationSource } from "@/server/db/generated/enums";
import { createNotifications, publishNotifications } from "@/server/notifications/notify";
import { MISSING } from "@/server/notFound";
import { authorizeTeaching } from "./access";
import { addViewers, dropFromLiveRoom, removeViewer } from "./room";

export const MAX_REGISTER_AT_ONCE = 200;

/** A clinician sends nothing (themselves); an institution admin names their clinicians. */
export const registerSchema = z.strictObject({ traineeIds: z.array(z.uuid()).min(1).max(MAX_REGISTER_AT_ONCE).optional() });

const CLINICAL: readonly string[] = CLINICAL_ROLES;

interface Trainee {
  id: string;
  institutionId: string;
}

/** Whom the actor may register: themselves, or (an admin) active clinicians of their own institution. */
async function traineesFor(db: Db, actor: SessionUser, traineeIds: string[] | undefined): Promise<{ trainees: Trainee[]; source: TeachingRegistrationSource }> {
  if (actor.role !== "INSTITUTION_ADMIN") {
    if (traineeIds && traineeIds.some((id) => id !== actor.id)) throw new ForbiddenError("teaching.selfOnly");
    if (!actor.institutionId) throw new ForbiddenError("teaching.selfOnly");
    return { trainees: [{ id: actor.id, institutionId: actor.institutionId }], source: "SELF" };
  }
  if (!traineeIds?.length) throw new ValidationError("teaching.traineeRequired");
  const wanted = [...new Set(traineeIds)];
  const found = await db.user.findMany({ where: { id: { in: wanted }, institutionId: actor.institutionId, disabled: false }, select: { id: true, role: true, institutionId: true } });
  if (found.length !== wanted.length || found.some((user) => !CLINICAL.includes(user.role))) throw new ValidationError("teaching.traineeInvalid");
  return { trainees: found.map((user) => ({ id: user.id, institutionId: user.institutionId as string })), source: "INSTITUTION_ADMIN" };
}

export interface RegistrationResult {
  registered: string[];
}

export async function registerTrainees(db: Db, actor: SessionUser, sessionId: string, input: z.infer<typeof registerSchema>, requestId?: string): Promise<RegistrationResult> {
  const relations = await authorizeTeaching(db, actor, sessionId, "teaching.register");
  const { trainees, source } = await traineesFor(db, actor, input.traineeIds);
  const hosts = [relations.presenterId, ...(relations.moderatorIds ?? [])];
  if (trainees.some((trainee) => hosts.includes(trainee.id))) throw new ValidationError("teaching.hostNotTrainee");
  const now = new Date();
  const notifications = await db.$transaction(async (tx) => {
    // The row lock orders registration against a cancellation or change of the session.
    const [session] = await tx.$queryRaw<{ status: string; ends_at: Date; video_room_id: string; title: string; starts_at: Date }[]>`
      SELECT status::text, ends_at, video_room_id::text, title, starts_at FROM teaching_session WHERE id = ${sessionId}::uuid FOR UPDATE`;
    if (!session || session.status !== "SCHEDULED" || session.ends_at.getTime() <= now.getTime()) throw new ConflictError("teaching.registrationClosed", undefined, "REGISTRATION_CLOSED");
    for (const trainee of trainees) {
      await tx.teachingRegistration.upsert({
        where: { sessionId_traineeId: { sessionId, traineeId: trainee.id } },
        create: { sessionId, traineeId: trainee.id, institutionId: trainee.institutionId, source, registeredById: actor.id },
        update: { institutionId: trainee.institutionId, source, registeredById: actor.id, registeredAt: now, cancelledAt: null, cancelledById: null },
      });
    }
    await addViewers(tx, session.video_room_id, trainees.map((t) => t.id));
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "teaching.register", targetType: "teaching_session", targetId: sessionId, requestId, details: { traineeIds: trainees.map((t) => t.id), source } });
    return createNotifications(
      tx,
      trainees.map((trainee) => ({
        userId: trainee.id,
        kind: source === "SELF" ? "teaching.registeredSelf" : "teaching.registeredByAdmin",
        params: { title: session.title, startsAt: session.starts_at.toISOString() },
        link: `/teaching/${sessionId}`,
        dedupeKey: `teaching:${sessionId}:registered:${trainee.id}:${now.getTime()}`,
      })),
    );
  });
  publishNotifications(notifications);
  return { registered: trainees.map((t) => t.id) };
}

/** Cancels a place: the trainee themselves, or their site's admin (teaching.unregister); anyone else hears "not registered". */
export async function cancelRegistration(db: Db, actor: SessionUser, sessionId: string, traineeId: string, requestId?: string): Promise<void> {
  const now = new Date();
  const roomId = await db.$transaction(async (tx) => {
    const registration = await tx.teachingRegistration.findUnique({ where: { sessionId_traineeId: { sessionId, traineeId } }, include: { session: { select: { videoRoomId: true } } } });
    if (!registration || registration.cancelledAt) throw new NotFoundError(MISSING.teachingRegistration);
    assertAllowed(actor, "teaching.unregister", { subjectUserId: registration.traineeId, institutionIds: [registration.institutionId] }, MISSING.teachingRegistration);
    await tx.teachingRegistration.update({ where: { id: registration.id }, data: { cancelledAt: now, cancelledById: actor.id } });
    await removeViewer(tx, registration.session.videoRoomId, traineeId);
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "teaching.unregister", targetType: "teaching_session", targetId: sessionId, requestId, details: { traineeId } });
    return registration.session.videoRoomId;
  });
  await dropFromLiveRoom(roomId, [traineeId], "teaching.room.noLongerRegistered");
}

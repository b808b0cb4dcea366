/**
 * What the video room (server/video, issue 5) needs from a consultation: who takes part, when,
 * and the status changes a session causes. Plain functions; callers pass the session user.
 */
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { publishNotifications } from "@/server/notifications/notify";
import { ensureVideoRoom } from "@/server/video/rooms";
import { getConsultation } from "./requests";
import { runTransition, type TransitionResult } from "./transition";
import { MISSING } from "@/server/notFound";

export interface ConsultationParticipants {
  consultationId: string;
  number: string;
  status: string;
  requesterId: string;
  expertId: string | null;
  coordinatorIds: string[];
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
}

export async function getConsultationParticipants(db: Db, consultationId: string): Promise<ConsultationParticipants> {
  const consultation = await db.consultation.findUnique({ where: { id: consultationId } });
  if (!consultation) throw new NotFoundError(MISSING.consultation);
  const coordinators = await db.user.findMany({ where: { role: "COORDINATOR", disabled: false }, select: { id: true } });
  return {
    consultationId,
    number: consultation.number,
    status: consultation.status,
    requesterId: consultation.requesterId,
    expertId: consultation.expertId,
    coordinatorIds: coordinators.map((c) => c.id),
    scheduledStart: consultation.scheduledStart,
    scheduledEnd: consultation.scheduledEnd,
  };
}

export function isParticipant(participants: ConsultationParticipants, userId: string): boolean {
  return participants.requesterId === userId || participants.expertId === userId || participants.coordinatorIds.includes(userId);
}

/** SCHEDULED → IN_SESSION (the room opened with the expert in it). */
export async function startConsultationSession(db: Db, actor: SessionUser, consultationId: string, requestId?: string): Promise<TransitionResult> {
  const result = await db.$transaction((tx) => runTransition(tx, actor, consultationId, "startSession", { requestId }));
  publishNotifications(result.notifications);
  return result;
}

/** IN_SESSION → OPINION_PENDING (the session ended; the expert now writes the opinion). */
export async function endConsultationSession(db: Db, actor: SessionUser, consultationId: string, requestId?: string): Promise<TransitionResult> {
  const result = await db.$transaction((tx) => runTransition(tx, actor, consultationId, "endSession", { requestId }));
  publishNotifications(result.notifications);
  return result;
}

const ROOM_STATUSES = new Set(["SCHEDULED", "IN_SESSION"]);

/**
 * The video room of a scheduled consultation, created on first use and kept in step with the
 * consultation (times, expert, requester) on every later one. The expert hosts; coordinators
 * may always enter as hosts (server/video/rooms.ts).
 */
export async function openConsultationRoom(db: Db, actor: SessionUser, consultationId: string): Promise<{ roomId: string }> {
  const consultation = await getConsultation(db, actor, consultationId);
  if (!ROOM_STATUSES.has(consultation.status) || !consultation.scheduledStart || !consultation.scheduledEnd) {
    throw new ConflictError("consultation.video.notScheduled", undefined, "NOT_SCHEDULED");
  }
  const room = await ensureVideoRoom(db, {
    consultationId,
    title: `${consultation.number} · ${consultation.resident.name}`,
    scheduledStart: consultation.scheduledStart,
    scheduledEnd: consultation.scheduledEnd,
    hostUserIds: consultation.expertId ? [consultation.expertId] : [],
    participantUserIds: [consultation.requesterId],
  });
  return { roomId: room.id };
}

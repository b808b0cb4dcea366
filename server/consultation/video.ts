/**
 * What the video room (server/video, issue 5) needs from a consultation: who takes part, when,
 * and the status changes a session causes. Plain functions; callers pass the session user.
 */
import { NotFoundError } from "@/lib/errors";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { publishNotifications } from "@/server/notifications/notify";
import { runTransition, type TransitionResult } from "./transition";

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
  if (!consultation) throw new NotFoundError("consultation.notFound");
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

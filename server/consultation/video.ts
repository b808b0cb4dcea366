/**
 * What the video room (server/video, issue 5) needs from a consultation: who takes part, when,
 * and the status changes a session causes. Plain functions; callers pass the session user.
 */
import { ConflictError, NotFoundError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { publishNotifications } from "@/server/notifications/notify";
import type { RoomLifecycle } from "@/server/video/handlerContext";
import { ensureVideoRoom } from "@/server/video/rooms";
import { runningVideoService } from "@/server/video/service";
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

/**
 * IN_SESSION → OPINION_PENDING (the session ended; the expert now writes the opinion). Ended from
 * the consultation page, the call ends with it (`callEnded` when the call itself ended it), so
 * the page and the call never disagree.
 */
export async function endConsultationSession(db: Db, actor: SessionUser, consultationId: string, requestId?: string, options: { callEnded?: boolean } = {}): Promise<TransitionResult> {
  const result = await db.$transaction((tx) => runTransition(tx, actor, consultationId, "endSession", { requestId }));
  publishNotifications(result.notifications);
  if (!options.callEnded) await endConsultationCall(db, consultationId, actor);
  return result;
}

async function endConsultationCall(db: Db, consultationId: string, actor: SessionUser): Promise<void> {
  const room = await db.videoRoom.findUnique({ where: { consultationId }, select: { id: true } });
  if (!room) return;
  const video = runningVideoService();
  if (video) await video.signalling.endRoom(room.id, actor);
  else await db.videoRoom.updateMany({ where: { id: room.id, status: { not: "ENDED" } }, data: { status: "ENDED" } });
}

/** Where the expert writes the opinion once the session is over. */
export const opinionStepPath = (consultationId: string) => `/consultations/${consultationId}#opinion`;

const logger = log.child({ module: "consultation.video" });

/** Someone else's transition got there first: the status is already where this one would take it. */
function unlessIllegalTransition(error: unknown): void {
  if ((error as { code?: string }).code !== "ILLEGAL_TRANSITION") throw error;
}

/**
 * A consultation's session follows its call: a host joining the call starts it, a host ending the
 * call for everyone ends it and goes on to the opinion. Both through the state machine's one
 * transition path (events, audit, notifications); rooms of no consultation are left alone.
 */
export function consultationRoomLifecycle(db: Db): RoomLifecycle {
  const consultationOf = async (roomId: string) => {
    const room = await db.videoRoom.findUnique({ where: { id: roomId }, select: { consultationId: true } });
    return room?.consultationId ? db.consultation.findUnique({ where: { id: room.consultationId }, select: { id: true, status: true } }) : null;
  };
  return {
    async hostJoined(user, roomId) {
      const consultation = await consultationOf(roomId);
      if (consultation?.status !== "SCHEDULED") return;
      // A second host joining at the same moment finds the session started: not an error of the call.
      await startConsultationSession(db, user, consultation.id).catch((error: unknown) => logger.warn("consultation.sessionNotStarted", { roomId, code: (error as { code?: string }).code }));
    },
    async endedByHost(user, roomId) {
      const consultation = await consultationOf(roomId);
      if (!consultation) return {};
      // Ended before the host's join had started it (or while it did): start, then end, in order.
      if (consultation.status === "SCHEDULED") await startConsultationSession(db, user, consultation.id).catch(unlessIllegalTransition);
      if (consultation.status === "SCHEDULED" || consultation.status === "IN_SESSION") await endConsultationSession(db, user, consultation.id, undefined, { callEnded: true });
      return { next: opinionStepPath(consultation.id) };
    },
  };
}

const ROOM_STATUSES = new Set(["SCHEDULED", "IN_SESSION"]);
/** The session has been held: its call cannot be entered again. */
const SESSION_OVER = new Set(["OPINION_PENDING", "COMPLETED"]);

/**
 * The video room of a scheduled consultation, created on first use and kept in step with the
 * consultation (times, expert, requester) on every later one. The expert hosts; coordinators
 * may always enter as hosts (server/video/rooms.ts).
 */
export async function openConsultationRoom(db: Db, actor: SessionUser, consultationId: string): Promise<{ roomId: string }> {
  const consultation = await getConsultation(db, actor, consultationId);
  if (SESSION_OVER.has(consultation.status)) throw new ConflictError("consultation.video.sessionOver", undefined, "SESSION_OVER");
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

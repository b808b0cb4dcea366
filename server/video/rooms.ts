/** Video rooms: created when a consultation is scheduled, listed per user, access decided here. */
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import type { SessionUser } from "@/server/auth/signIn";
import type { Tx } from "@/server/consultation/tx";
import type { Db } from "@/server/db/client";
import type { VideoRoomRole, VideoRoomStatus } from "@/server/db/generated/enums";
import { MISSING } from "@/server/notFound";

export interface EnsureVideoRoomInput {
  /** The consultation this room belongs to; null or absent for a standalone meeting. */
  consultationId?: string | null;
  title: string;
  scheduledStart: Date;
  scheduledEnd: Date;
  hostUserIds: string[];
  participantUserIds: string[];
  /** Members who only receive media (a teaching session's trainees); a host or participant role wins. */
  viewerUserIds?: string[];
}

export interface VideoRoomSummary {
  id: string;
  consultationId: string | null;
  title: string;
  scheduledStart: Date;
  scheduledEnd: Date;
  status: VideoRoomStatus;
  myRole: VideoRoomRole;
  participants: { userId: string; displayName: string; role: VideoRoomRole }[];
}

/**
 * A standalone meeting a coordinator schedules (room.meeting.create): always a new room, never a
 * consultation's, whose members derive from the consultation alone (ensureVideoRoom).
 */
export async function createMeeting(db: Db, input: Omit<EnsureVideoRoomInput, "consultationId">): Promise<{ id: string }> {
  return ensureVideoRoom(db, { ...input, consultationId: null });
}

/**
 * Creates the room of a consultation, or updates its title, times and members when it exists
 * (rescheduling calls this again). Hosts are the experts who admit others from the lobby.
 */
export async function ensureVideoRoom(db: Db, input: EnsureVideoRoomInput): Promise<{ id: string }> {
  const members = await checkedMembers(db, input);
  const data = roomData(input);
  const write = () => db.$transaction(async (tx) => {
    const consultationId = input.consultationId ?? null;
    const existing = consultationId ? await tx.videoRoom.findUnique({ where: { consultationId } }) : null;
    const room = existing
      ? await tx.videoRoom.update({ where: { id: existing.id }, data })
      : await tx.videoRoom.create({ data: { ...data, consultationId } });
    await writeRoomMembers(tx, room.id, members);
    return { id: room.id };
  });
  // Two people opening a consultation's video at once both try to create its room: the one that
  // loses the unique consultation id finds the room the other created.
  return write().catch((error: unknown) => {
    if ((error as { code?: string }).code !== "P2002" || !input.consultationId) throw error;
    return write();
  });
}

/**
 * The room of something that keeps its room's id (a teaching session): created when `roomId` is
 * null, else its title, times and members set, inside the caller's transaction.
 */
export async function writeVideoRoom(tx: Tx, roomId: string | null, input: Omit<EnsureVideoRoomInput, "consultationId">): Promise<{ id: string }> {
  const members = await checkedMembers(tx, input);
  const data = roomData(input);
  const room = roomId ? await tx.videoRoom.update({ where: { id: roomId }, data }) : await tx.videoRoom.create({ data: { ...data, consultationId: null } });
  await writeRoomMembers(tx, room.id, members);
  return { id: room.id };
}

function roomData(input: Pick<EnsureVideoRoomInput, "title" | "scheduledStart" | "scheduledEnd">) {
  if (!input.title.trim()) throw new ValidationError("video.room.titleRequired");
  if (!(input.scheduledEnd.getTime() > input.scheduledStart.getTime())) throw new ValidationError("video.room.endBeforeStart");
  return { title: input.title.trim(), scheduledStart: input.scheduledStart, scheduledEnd: input.scheduledEnd };
}

/** Each member once with their strongest role (host, then participant, then viewer); every one must exist. */
async function checkedMembers(db: Db | Tx, input: Pick<EnsureVideoRoomInput, "hostUserIds" | "participantUserIds" | "viewerUserIds">): Promise<Map<string, VideoRoomRole>> {
  const members = new Map<string, VideoRoomRole>();
  for (const userId of input.viewerUserIds ?? []) members.set(userId, "VIEWER");
  for (const userId of input.participantUserIds) members.set(userId, "PARTICIPANT");
  for (const userId of input.hostUserIds) members.set(userId, "HOST");
  if (members.size === 0) throw new ValidationError("video.room.noParticipants");
  const found = await db.user.count({ where: { id: { in: [...members.keys()] } } });
  if (found !== members.size) throw new ValidationError("video.room.unknownParticipant");
  return members;
}

/** The room's participant rows become exactly `members`: a few statements whatever the audience's size. */
async function writeRoomMembers(tx: Tx, roomId: string, members: Map<string, VideoRoomRole>): Promise<void> {
  // A guest let in by a host's link (server/video/guests.ts) is not derived from the consultation: rescheduling keeps them.
  await tx.videoRoomParticipant.deleteMany({ where: { roomId, userId: { notIn: [...members.keys()] }, user: { role: { not: "GUEST" } } } });
  for (const role of ["HOST", "PARTICIPANT", "VIEWER"] as const) {
    const userIds = [...members].filter(([, r]) => r === role).map(([userId]) => userId);
    if (userIds.length > 0) await tx.videoRoomParticipant.updateMany({ where: { roomId, userId: { in: userIds }, role: { not: role } }, data: { role } });
  }
  await tx.videoRoomParticipant.createMany({ data: [...members].map(([userId, role]) => ({ roomId, userId, role })), skipDuplicates: true });
}

/**
 * The role the user has in the room, or null if they may not enter (the access policy's
 * room.join: membership, which derives from the consultation or the meeting, and nothing else).
 */
export async function roleInRoom(db: Db, roomId: string, user: SessionUser): Promise<VideoRoomRole | null> {
  const membership = await db.videoRoomParticipant.findUnique({ where: { roomId_userId: { roomId, userId: user.id } } });
  return membership?.role ?? null;
}


/** Loads a room the user may enter; refuses unknown rooms, outsiders and ended rooms. */
export async function requireRoomAccess(db: Db, roomId: string, user: SessionUser, options: { allowEnded?: boolean } = {}): Promise<VideoRoomSummary> {
  if (!isUuid(roomId)) throw new NotFoundError(MISSING.videoRoom);
  const room = await db.videoRoom.findUnique({
    where: { id: roomId },
    include: { participants: { include: { user: { select: { displayName: true } } } } },
  });
  if (!room) throw new NotFoundError(MISSING.videoRoom);
  const myRole = await roleInRoom(db, roomId, user);
  if (!myRole) throw new ForbiddenError("video.room.notAParticipant");
  if (room.status === "ENDED" && !options.allowEnded) throw new ConflictError("video.room.ended", undefined, "ROOM_ENDED");
  return toSummary(room, myRole);
}

export async function listRoomsFor(db: Db, user: SessionUser): Promise<VideoRoomSummary[]> {
  const include = { participants: { include: { user: { select: { displayName: true } } } } } as const;
  // A teaching session's room is entered from its own page (/teaching), not listed with consultations.
  const rooms = await db.videoRoom.findMany({ where: { participants: { some: { userId: user.id } }, teachingSession: null }, include, orderBy: { scheduledStart: "asc" }, take: 200 });
  return rooms.map((room) => toSummary(room, room.participants.find((participant) => participant.userId === user.id)?.role ?? "PARTICIPANT"));
}

export async function markRoomStatus(db: Db, roomId: string, status: VideoRoomStatus): Promise<void> {
  await db.videoRoom.update({ where: { id: roomId }, data: { status } });
}

type RoomRow = {
  id: string;
  consultationId: string | null;
  title: string;
  scheduledStart: Date;
  scheduledEnd: Date;
  status: VideoRoomStatus;
  participants: { userId: string; role: VideoRoomRole; user: { displayName: string } }[];
};

function toSummary(room: RoomRow, myRole: VideoRoomRole): VideoRoomSummary {
  return {
    id: room.id,
    consultationId: room.consultationId,
    title: room.title,
    scheduledStart: room.scheduledStart,
    scheduledEnd: room.scheduledEnd,
    status: room.status,
    myRole,
    participants: room.participants.map((participant) => ({ userId: participant.userId, displayName: participant.user.displayName, role: participant.role })),
  };
}

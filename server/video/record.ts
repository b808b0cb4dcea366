/** The session record of a room: sittings, who joined and left when, chat, saved snapshots. */
import { ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { requireRoomAccess, type VideoRoomSummary } from "./rooms";

export type LeaveReason = "left" | "removed" | "ended" | "disconnected" | "replaced";

/** The open sitting of the room, opened now if there is none. */
export async function openSession(db: Db, roomId: string): Promise<string> {
  const open = await db.videoSession.findFirst({ where: { roomId, endedAt: null }, orderBy: { startedAt: "desc" } });
  if (open) return open.id;
  const created = await db.videoSession.create({ data: { roomId } });
  await db.videoRoom.update({ where: { id: roomId }, data: { status: "LIVE" } });
  return created.id;
}

export async function recordJoin(db: Db, sessionId: string, userId: string): Promise<string> {
  const row = await db.videoAttendance.create({ data: { sessionId, userId } });
  return row.id;
}

export async function recordLeave(db: Db, attendanceId: string, reason: LeaveReason, at = new Date()): Promise<void> {
  await db.videoAttendance.updateMany({ where: { id: attendanceId, leftAt: null }, data: { leftAt: at, leftReason: reason } });
}

/** Closes the sitting; `endedById` is set when a host ended it for everyone. */
export async function closeSession(db: Db, sessionId: string, options: { endedById?: string; reason: LeaveReason }): Promise<void> {
  const at = new Date();
  await db.videoAttendance.updateMany({ where: { sessionId, leftAt: null }, data: { leftAt: at, leftReason: options.reason } });
  const session = await db.videoSession.update({ where: { id: sessionId }, data: { endedAt: at, endedById: options.endedById ?? null } });
  // A room ended for good (by a host, or with its consultation's session) stays ended when its last sitting closes.
  if (options.endedById) await db.videoRoom.update({ where: { id: session.roomId }, data: { status: "ENDED" } });
  else await db.videoRoom.updateMany({ where: { id: session.roomId, status: { not: "ENDED" } }, data: { status: "SCHEDULED" } });
}

export const CHAT_MAX_LENGTH = 2000;

export interface ChatMessageView {
  id: string;
  authorId: string;
  authorName: string;
  body: string;
  sentAt: string;
}

export async function saveChatMessage(db: Db, roomId: string, authorId: string, body: string): Promise<ChatMessageView> {
  const text = body.trim();
  if (!text) throw new ValidationError("video.chat.empty");
  if (text.length > CHAT_MAX_LENGTH) throw new ValidationError("video.chat.tooLong", undefined, { max: CHAT_MAX_LENGTH });
  const row = await db.videoChatMessage.create({ data: { roomId, authorId, body: text }, include: { author: { select: { displayName: true } } } });
  return { id: row.id, authorId, authorName: row.author.displayName, body: row.body, sentAt: row.sentAt.toISOString() };
}

export async function listChatMessages(db: Db, roomId: string, limit = 200): Promise<ChatMessageView[]> {
  const rows = await db.videoChatMessage.findMany({
    where: { roomId },
    orderBy: { sentAt: "desc" },
    take: limit,
    include: { author: { select: { displayName: true } } },
  });
  return rows.reverse().map((row) => ({ id: row.id, authorId: row.authorId, authorName: row.author.displayName, body: row.body, sentAt: row.sentAt.toISOString() }));
}

export const SNAPSHOT_MAX_BYTES = 4 * 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export async function saveSnapshot(
  db: Db,
  input: { roomId: string; authorId: string; png: Buffer; annotations: unknown[]; caption?: string },
): Promise<{ id: string; createdAt: string }> {
  if (input.png.length > SNAPSHOT_MAX_BYTES) throw new ValidationError("video.snapshot.tooLarge");
  if (input.png.length < PNG_SIGNATURE.length || !input.png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new ValidationError("video.snapshot.notPng");
  const row = await db.videoSnapshot.create({
    data: {
      roomId: input.roomId,
      authorId: input.authorId,
      imagePng: new Uint8Array(input.png),
      annotations: input.annotations as object[],
      caption: input.caption?.trim() || null,
    },
  });
  return { id: row.id, createdAt: row.createdAt.toISOString() };
}

export interface SessionRecordView {
  sessions: {
    id: string;
    startedAt: string;
    endedAt: string | null;
    /** The host who ended it for everyone; null when the last person simply left. */
    endedByName: string | null;
    attendance: { userId: string; displayName: string; joinedAt: string; leftAt: string | null; leftReason: string | null }[];
  }[];
  snapshots: { id: string; authorName: string; caption: string | null; createdAt: string }[];
  chatCount: number;
}

export async function sessionRecord(db: Db, roomId: string): Promise<SessionRecordView> {
  const [sessions, snapshots, chatCount] = await Promise.all([
    db.videoSession.findMany({
      where: { roomId },
      orderBy: { startedAt: "desc" },
      take: 20,
      include: { attendance: { orderBy: { joinedAt: "asc" }, include: { user: { select: { displayName: true } } } } },
    }),
    db.videoSnapshot.findMany({
      where: { roomId },
      orderBy: { createdAt: "desc" },
      select: { id: true, caption: true, createdAt: true, author: { select: { displayName: true } } },
    }),
    db.videoChatMessage.count({ where: { roomId } }),
  ]);
  const enderIds = [...new Set(sessions.flatMap((session) => (session.endedById ? [session.endedById] : [])))];
  const enders = enderIds.length > 0 ? await db.user.findMany({ where: { id: { in: enderIds } }, select: { id: true, displayName: true } }) : [];
  const nameOf = new Map(enders.map((user) => [user.id, user.displayName]));
  return {
    sessions: sessions.map((session) => ({
      id: session.id,
      startedAt: session.startedAt.toISOString(),
      endedAt: session.endedAt?.toISOString() ?? null,
      endedByName: session.endedById ? (nameOf.get(session.endedById) ?? null) : null,
      attendance: session.attendance.map((row) => ({
        userId: row.userId,
        displayName: row.user.displayName,
        joinedAt: row.joinedAt.toISOString(),
        leftAt: row.leftAt?.toISOString() ?? null,
        leftReason: row.leftReason,
      })),
    })),
    snapshots: snapshots.map((row) => ({ id: row.id, authorName: row.author.displayName, caption: row.caption, createdAt: row.createdAt.toISOString() })),
    chatCount,
  };
}

/** The record of a room for someone who may enter it (also once it has ended); the read is audited. */
export async function readSessionRecord(db: Db, user: SessionUser, roomId: string, requestId?: string): Promise<{ room: VideoRoomSummary; record: SessionRecordView }> {
  const room = await requireRoomAccess(db, roomId, user, { allowEnded: true });
  const record = await sessionRecord(db, room.id);
  await audit(db, { actorId: user.id, actorRole: user.role, action: "video.record.read", targetType: "video_room", targetId: room.id, requestId });
  return { room, record };
}

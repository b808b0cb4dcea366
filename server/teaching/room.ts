/**
 * A teaching session's video room. Its participant rows derive from the session alone: the
 * presenter (the surgeon) and the moderators host; the trainees registered now are viewers, whom
 * the SFU lets receive only (server/video: the VIEWER role and the floor). Written in the same
 * transaction as the change of the session or registration that moves them.
 */
import type { MessageKey } from "@/lib/i18n";
import type { Tx } from "@/server/consultation/tx";
import { writeVideoRoom } from "@/server/video/rooms";
import { runningVideoService } from "@/server/video/service";

interface SessionForRoom {
  videoRoomId: string | null;
  title: string;
  startsAt: Date;
  endsAt: Date;
  surgeonId: string;
  moderatorIds: readonly string[];
}

/** Creates the room (videoRoomId null) or brings its title, times and members in line with the session. */
export async function writeTeachingRoom(tx: Tx, session: SessionForRoom, traineeIds: readonly string[]): Promise<string> {
  const room = await writeVideoRoom(tx, session.videoRoomId, {
    title: session.title,
    scheduledStart: session.startsAt,
    scheduledEnd: session.endsAt,
    hostUserIds: [session.surgeonId, ...session.moderatorIds],
    participantUserIds: [],
    viewerUserIds: [...traineeIds],
  });
  return room.id;
}

/** Newly registered trainees become viewers (a host keeps their role). */
export async function addViewers(tx: Tx, roomId: string, traineeIds: readonly string[]): Promise<void> {
  if (traineeIds.length === 0) return;
  await tx.videoRoomParticipant.createMany({ data: traineeIds.map((userId) => ({ roomId, userId, role: "VIEWER" as const })), skipDuplicates: true });
}

/** A cancelled registration: the trainee is no longer a viewer (a host's row stays). */
export async function removeViewer(tx: Tx, roomId: string, traineeId: string): Promise<void> {
  await tx.videoRoomParticipant.deleteMany({ where: { roomId, userId: traineeId, role: "VIEWER" } });
}

/** After the commit: the people who lost their place leave the live room now (wherever their socket is), told why. */
export async function dropFromLiveRoom(roomId: string, userIds: readonly string[], why: MessageKey): Promise<void> {
  const video = runningVideoService();
  if (!video) return;
  for (const userId of userIds) await video.signalling.removeMember(roomId, userId, why);
}

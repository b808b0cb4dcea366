import { z } from "zod";
import { displayText } from "@/lib/validation";
import { ValidationError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { audit } from "@/server/audit";
import { getDb } from "@/server/db/client";
import { createMeeting, listRoomsFor } from "@/server/video/rooms";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ access: "room.list" }, async ({ user }) => ({ rooms: await listRoomsFor(getDb(), user) }));

const createBody = z.strictObject({
  title: displayText(200).min(1),
  scheduledStart: z.coerce.date(),
  scheduledEnd: z.coerce.date(),
  hostUsernames: z.array(z.string().min(1).max(64)).max(20),
  participantUsernames: z.array(z.string().min(1).max(64)).max(20),
});

/** Coordinators schedule standalone video meetings (consultations create theirs through the domain). */
export const POST = apiRoute({ access: "room.meeting.create", body: createBody }, async ({ user, body }) => {
  const db = getDb();
  const usernames = [...body.hostUsernames, ...body.participantUsernames];
  const users = await db.user.findMany({ where: { username: { in: usernames } }, select: { id: true, username: true } });
  const idOf = new Map(users.map((row) => [row.username, row.id]));
  const missing = usernames.filter((name) => !idOf.has(name));
  if (missing.length > 0) throw new ValidationError("video.room.unknownParticipant", { missing });
  const room = await createMeeting(db, {
    title: body.title,
    scheduledStart: body.scheduledStart,
    scheduledEnd: body.scheduledEnd,
    hostUserIds: body.hostUsernames.map((name) => idOf.get(name) as string),
    participantUserIds: body.participantUsernames.map((name) => idOf.get(name) as string),
  });
  await audit(db, { actorId: user.id, actorRole: user.role, action: "video.room.create", targetType: "video_room", targetId: room.id });
  return Response.json(room, { status: 201 });
});

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { requireRoomAccess } from "@/server/video/rooms";
import { createJoinToken, JOIN_TOKEN_TTL_SECONDS, joinTokenSecret } from "@/server/video/tokens";
import { MISSING } from "@/server/notFound";

export const dynamic = "force-dynamic";

/** A short-lived join token for the /media namespace, issued only to the room's participants. */
export const POST = apiRoute({ access: "room.join" }, async ({ user, params }) => {
  const roomId = pathId(params, "roomId", MISSING.videoRoom);
  const room = await requireRoomAccess(getDb(), roomId, user);
  const token = createJoinToken(joinTokenSecret(), { roomId: room.id, userId: user.id, role: room.myRole });
  return Response.json({ token, roomId: room.id, role: room.myRole, expiresInSeconds: JOIN_TOKEN_TTL_SECONDS }, { headers: { "cache-control": "no-store" } });
});

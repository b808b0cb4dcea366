import { apiRoute } from "@/app/_lib/api";
import { NotFoundError } from "@/lib/errors";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { requireRoomAccess } from "@/server/video/rooms";
import { MISSING } from "@/server/notFound";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ access: "room.record" }, async ({ user, params }) => {
  const db = getDb();
  const room = await requireRoomAccess(db, pathId(params, "roomId", MISSING.videoRoom), user, { allowEnded: true });
  const snapshotId = pathId(params, "snapshotId", MISSING.snapshot);
  const snapshot = await db.videoSnapshot.findFirst({ where: { id: snapshotId, roomId: room.id }, select: { imagePng: true } });
  if (!snapshot) throw new NotFoundError(MISSING.snapshot);
  return new Response(Buffer.from(snapshot.imagePng), { headers: { "content-type": "image/png", "cache-control": "private, max-age=3600" } });
});

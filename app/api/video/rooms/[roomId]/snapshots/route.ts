import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { audit } from "@/server/audit";
import { getDb } from "@/server/db/client";
import { annotationSchema } from "@/server/video/protocol";
import { saveSnapshot } from "@/server/video/record";
import { requireRoomAccess } from "@/server/video/rooms";
import { MISSING } from "@/server/notFound";

export const dynamic = "force-dynamic";

const body = z.object({
  image: z.string().regex(/^data:image\/png;base64,/).max(6_000_000),
  annotations: z.array(annotationSchema).max(500),
  caption: z.string().max(200).optional(),
});

/** Saves the frame with its annotations (flattened into the PNG, and kept as vectors) to the record. */
export const POST = apiRoute({ access: "room.record", body }, async ({ user, params, body: input }) => {
  const db = getDb();
  const room = await requireRoomAccess(db, pathId(params, "roomId", MISSING.videoRoom), user, { allowEnded: true });
  const png = Buffer.from(input.image.slice(input.image.indexOf(",") + 1), "base64");
  if (png.length === 0) throw new ValidationError("video.snapshot.notPng");
  const saved = await saveSnapshot(db, { roomId: room.id, authorId: user.id, png, annotations: input.annotations, caption: input.caption });
  await audit(db, { actorId: user.id, actorRole: user.role, action: "video.snapshot.save", targetType: "video_room", targetId: room.id, details: { snapshotId: saved.id } });
  return Response.json(saved, { status: 201 });
});

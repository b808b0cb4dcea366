import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { readSessionRecord } from "@/server/video/record";
import { MISSING } from "@/server/notFound";

export const dynamic = "force-dynamic";

/** The room's session record: sittings with start and end, attendance, saved snapshots. */
export const GET = apiRoute({ access: "room.record" }, async ({ user, params, requestId }) => (await readSessionRecord(getDb(), user, pathId(params, "roomId", MISSING.videoRoom), requestId)).record);

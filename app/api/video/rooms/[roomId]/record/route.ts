import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { readSessionRecord } from "@/server/video/record";

export const dynamic = "force-dynamic";

/** The room's session record: sittings with start and end, attendance, saved snapshots. */
export const GET = apiRoute({}, async ({ user, params, requestId }) => (await readSessionRecord(getDb(), user, String(params.roomId), requestId)).record);

import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { unmergeResidents } from "@/server/healthcard/unmerge";
import { MISSING } from "@/server/notFound";

// A missing or over-long reason reaches the domain, which answers with the reason's own message.
const body = z.object({ reason: z.string().max(2000).default("") });

/** POST /api/patients/merges/<merge id>/unmerge: undo a merge, with a stated reason. */
export const POST = apiRoute({ access: "resident.unmerge", body }, async ({ user, params, body }) => unmergeResidents(getDb(), user, { mergeId: pathId(params, "id", MISSING.residentMerge), reason: body.reason }));

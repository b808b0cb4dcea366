import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { mergeResidents } from "@/server/healthcard/merge";

// A missing or over-long reason reaches the domain, which answers with the reason's own message.
// overrideReason: an institution admin's second reason for merging records whose identities differ.
const body = z.object({ intoResidentId: z.uuid(), fromResidentId: z.uuid(), reason: z.string().max(2000).default(""), overrideReason: z.string().max(2000).nullish() });

export const POST = apiRoute({ access: "resident.update", body }, async ({ user, body }) => mergeResidents(getDb(), user, body));

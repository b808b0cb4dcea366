import { apiRoute } from "@/app/_lib/api";
import { parseQuery, plain } from "@/server/consultation/api";
import { queueQuerySchema, triageQueue } from "@/server/consultation/triage";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ access: "consultation.assign" }, async ({ request }) => plain(await triageQueue(getDb(), parseQuery(queueQuerySchema, request.url))));

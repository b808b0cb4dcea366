import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { parseQuery, plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { readSharedRecord, recordQuerySchema } from "@/server/record/read";

export const GET = apiRoute({ access: "record.read" }, async ({ request, user, params, requestId, clientAddress }) =>
  plain(await readSharedRecord(getDb(), user, pathId(params, "id", MISSING.resident), parseQuery(recordQuerySchema, request.url), { requestId, ip: clientAddress })),
);

import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { declineRequest, declineSchema } from "@/server/consultation/triage";
import { getDb } from "@/server/db/client";

export const POST = apiRoute({ roles: ["SPECIALIST", "COORDINATOR"], body: declineSchema }, async ({ user, params, body, requestId }) =>
  plain((await declineRequest(getDb(), user, idParam(params), body, requestId)).after),
);

import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { assignExpert, assignSchema } from "@/server/consultation/triage";
import { getDb } from "@/server/db/client";

export const POST = apiRoute({ roles: ["COORDINATOR"], body: assignSchema }, async ({ user, params, body, requestId }) =>
  plain((await assignExpert(getDb(), user, idParam(params), body, requestId)).after),
);

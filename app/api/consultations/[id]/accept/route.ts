import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { versionSchema } from "@/server/consultation/requests";
import { acceptRequest } from "@/server/consultation/triage";
import { getDb } from "@/server/db/client";

export const POST = apiRoute({ roles: ["SPECIALIST"], body: versionSchema }, async ({ user, params, body, requestId }) =>
  plain((await acceptRequest(getDb(), user, idParam(params), body.expectedVersion, requestId)).after),
);

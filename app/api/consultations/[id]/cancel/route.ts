import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { closeRequest, reasonSchema } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";

export const POST = apiRoute({ roles: ["COUNTY_DOCTOR", "COORDINATOR"], body: reasonSchema }, async ({ user, params, body, requestId }) =>
  plain((await closeRequest(getDb(), user, idParam(params), "cancel", body, requestId)).after),
);

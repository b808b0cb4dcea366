import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { submitRequest, versionSchema } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";

export const POST = apiRoute({ roles: ["COUNTY_DOCTOR"], body: versionSchema }, async ({ user, params, body, requestId }) =>
  plain((await submitRequest(getDb(), user, idParam(params), body.expectedVersion, requestId)).after),
);

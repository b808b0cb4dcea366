import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { consentSchema, recordConsent } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";

export const POST = apiRoute({ roles: ["COUNTY_DOCTOR"], body: consentSchema }, async ({ user, params, body, requestId }) =>
  plain(await recordConsent(getDb(), user, idParam(params), body, requestId)),
);

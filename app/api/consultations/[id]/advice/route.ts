import { apiRoute } from "@/app/_lib/api";
import { adviceSchema, publishAdvice } from "@/server/consultation/advice";
import { idParam, plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";

export const POST = apiRoute({ roles: ["SPECIALIST", "COUNTY_DOCTOR"], body: adviceSchema }, async ({ user, params, body, requestId }) =>
  plain(await publishAdvice(getDb(), user, idParam(params), body, requestId)),
);

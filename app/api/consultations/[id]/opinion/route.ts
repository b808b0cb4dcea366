import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { listOpinions, opinionSchema, signOpinion } from "@/server/consultation/opinion";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ roles: ["COORDINATOR", "SPECIALIST", "COUNTY_DOCTOR"] }, async ({ user, params }) => plain(await listOpinions(getDb(), user, idParam(params))));

export const POST = apiRoute({ roles: ["SPECIALIST"], body: opinionSchema }, async ({ user, params, body, requestId }) =>
  plain(await signOpinion(getDb(), user, idParam(params), body, requestId)),
);

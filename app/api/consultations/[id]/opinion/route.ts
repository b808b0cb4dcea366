import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { listOpinions, opinionSchema, signOpinion } from "@/server/consultation/opinion";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ access: "consultation.read" }, async ({ user, params }) => plain(await listOpinions(getDb(), user, pathId(params, "id", MISSING.consultation))));

export const POST = apiRoute({ access: "consultation.opinion", body: opinionSchema }, async ({ user, params, body, requestId }) =>
  plain(await signOpinion(getDb(), user, pathId(params, "id", MISSING.consultation), body, requestId)),
);

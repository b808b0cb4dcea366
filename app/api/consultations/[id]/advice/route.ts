import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { adviceSchema, publishAdvice } from "@/server/consultation/advice";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "consultation.advise", body: adviceSchema }, async ({ user, params, body, requestId }) =>
  plain(await publishAdvice(getDb(), user, pathId(params, "id", MISSING.consultation), body, requestId)),
);

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { closeRequest, reasonSchema } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "consultation.withdraw", body: reasonSchema }, async ({ user, params, body, requestId }) =>
  plain((await closeRequest(getDb(), user, pathId(params, "id", MISSING.consultation), "withdraw", body, requestId)).after),
);

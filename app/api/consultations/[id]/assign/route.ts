import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { assignExpert, assignSchema } from "@/server/consultation/triage";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "consultation.assign", body: assignSchema }, async ({ user, params, body, requestId }) =>
  plain((await assignExpert(getDb(), user, pathId(params, "id", MISSING.consultation), body, requestId)).after),
);

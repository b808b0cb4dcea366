import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { declineRequest, declineSchema } from "@/server/consultation/triage";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "consultation.decline", body: declineSchema }, async ({ user, params, body, requestId }) =>
  plain((await declineRequest(getDb(), user, pathId(params, "id", MISSING.consultation), body, requestId)).after),
);

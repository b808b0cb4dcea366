import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { cancelSchema, cancelSession } from "@/server/teaching/schedule";

export const POST = apiRoute({ access: "teaching.schedule", body: cancelSchema }, async ({ user, params, body, requestId }) =>
  cancelSession(getDb(), user, pathId(params, "id", MISSING.teachingSession), body, requestId),
);

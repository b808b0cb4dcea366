import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { reviewEmergencyAccess, reviewSchema } from "@/server/record/emergency";

export const POST = apiRoute({ access: "record.emergency.review", body: reviewSchema }, async ({ user, params, body, requestId }) =>
  plain(await reviewEmergencyAccess(getDb(), user, pathId(params, "id", MISSING.emergencyAccess), body, requestId)),
);

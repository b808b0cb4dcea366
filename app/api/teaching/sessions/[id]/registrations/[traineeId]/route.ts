import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { cancelRegistration } from "@/server/teaching/registrations";

/** The trainee, or their institution's admin, gives the place back. */
export const DELETE = apiRoute({ access: "teaching.unregister" }, async ({ user, params, requestId }) => {
  await cancelRegistration(getDb(), user, pathId(params, "id", MISSING.teachingSession), pathId(params, "traineeId", MISSING.teachingRegistration), requestId);
  return { cancelled: true };
});

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { deleteException } from "@/server/scheduling/availability";
import { MISSING } from "@/server/notFound";

export const DELETE = apiRoute({ access: "calendar.manage" }, async ({ user, params }) => {
  await deleteException(getDb(), user, pathId(params, "id", MISSING.availabilityException));
  return { deleted: true };
});

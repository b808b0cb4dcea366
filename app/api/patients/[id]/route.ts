import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { STAFF_ROLES } from "@/server/auth/authorize";
import { getDb } from "@/server/db/client";
import { getResidentDetail } from "@/server/healthcard/residentDetail";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ roles: STAFF_ROLES }, async ({ user, params }) => {
  const id = pathId(params, "id", MISSING.resident);
  return getResidentDetail(getDb(), user, id);
});

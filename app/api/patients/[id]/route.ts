import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { getResidentDetail } from "@/server/healthcard/residentDetail";
import { MISSING } from "@/server/notFound";

/**
 * The staff's record view, as its page (/patients/[id]): staff of the patient index only
 * (resident.browse); the domain then checks resident.read against the resident's relations.
 * A patient's own record is /api/health-card/me.
 */
export const GET = apiRoute({ access: "resident.browse" }, async ({ user, params }) => {
  const id = pathId(params, "id", MISSING.resident);
  return getResidentDetail(getDb(), user, id);
});

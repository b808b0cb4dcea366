import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { getResidentDetail } from "@/server/healthcard/residentDetail";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ access: "resident.read" }, async ({ user, params }) => {
  const id = pathId(params, "id", MISSING.resident);
  return getResidentDetail(getDb(), user, id);
});

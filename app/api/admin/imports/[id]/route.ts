import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { IMPORT_ROLES, getImportJob } from "@/server/healthcard/import/jobs";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ roles: IMPORT_ROLES }, async ({ user, params }) => {
  const id = pathId(params, "id", MISSING.importJob);
  return getImportJob(getDb(), user, id);
});

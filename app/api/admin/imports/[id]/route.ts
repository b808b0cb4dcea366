import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { getImportJob } from "@/server/healthcard/import/jobs";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ access: "institution.administer" }, async ({ user, params }) => {
  const id = pathId(params, "id", MISSING.importJob);
  return getImportJob(getDb(), user, id);
});

import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { IMPORT_ROLES, getImportJob } from "@/server/healthcard/import/jobs";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ roles: IMPORT_ROLES }, async ({ user, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new NotFoundError(MISSING.importJob);
  return getImportJob(getDb(), user, id.data);
});

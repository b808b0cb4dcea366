import { z } from "zod";
import { apiRoute } from "@/lib/next/api";
import { getDb } from "@/server/db/client";
import { HealthCardError } from "@/server/healthcard/errors";
import { IMPORT_ROLES, getImportJob } from "@/server/healthcard/import/jobs";

export const GET = apiRoute({ roles: IMPORT_ROLES }, async ({ user, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new HealthCardError("RESIDENT_NOT_FOUND", "healthCard.import.notFound");
  return getImportJob(getDb(), user, id.data);
});

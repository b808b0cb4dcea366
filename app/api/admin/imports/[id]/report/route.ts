import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { IMPORT_ROLES, importReportCsv } from "@/server/healthcard/import/jobs";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ roles: IMPORT_ROLES }, async ({ user, params, locale }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new NotFoundError(MISSING.importJob);
  const report = await importReportCsv(getDb(), user, id.data, locale);
  return new Response(report.csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${report.fileName}"` } });
});

import { z } from "zod";
import { apiRoute } from "@/lib/next/api";
import { getDb } from "@/server/db/client";
import { HealthCardError } from "@/server/healthcard/errors";
import { IMPORT_ROLES, importReportCsv } from "@/server/healthcard/import/jobs";

export const GET = apiRoute({ roles: IMPORT_ROLES }, async ({ user, params, locale }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new HealthCardError("RESIDENT_NOT_FOUND", "healthCard.import.notFound");
  const report = await importReportCsv(getDb(), user, id.data, locale);
  return new Response(report.csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${report.fileName}"` } });
});

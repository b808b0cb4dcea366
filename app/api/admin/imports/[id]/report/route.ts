import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { importReportCsv } from "@/server/healthcard/import/jobs";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ access: "institution.administer" }, async ({ user, params, locale }) => {
  const id = pathId(params, "id", MISSING.importJob);
  const report = await importReportCsv(getDb(), user, id, locale);
  return new Response(report.csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${report.fileName}"` } });
});

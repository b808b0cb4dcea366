import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { exportAuditLog } from "@/server/audit/export";
import { parseAuditFilters } from "@/server/audit/log";
import { shanghaiDateKey } from "@/server/scheduling/time";

export const dynamic = "force-dynamic";

/** GET /api/audit/export?actor=&resident=&action=&from=&to=: the audit log page's rows as CSV. */
export const GET = apiRoute({ access: "audit.export" }, async ({ user, request, locale, requestId, clientAddress }) => {
  const filters = parseAuditFilters(Object.fromEntries(request.nextUrl.searchParams));
  const { csv, truncated } = await exportAuditLog(getDb(), user, filters, locale, { ip: clientAddress, requestId });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${shanghaiDateKey(new Date())}.csv"`,
      "cache-control": "no-store",
      ...(truncated ? { "x-export-truncated": "true" } : {}),
    },
  });
});

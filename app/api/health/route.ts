import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { checkHealth } from "@/server/health";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ access: { public: "load balancers and the e2e harness probe it before anyone signs in" } }, async () => {
  const report = await checkHealth(getRuntime(), async () => {
    await getDb().$queryRaw`SELECT 1`;
  });
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { revokeIntegrationCredential } from "@/server/record/integration";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "integration.administer" }, async ({ user, params }) => {
  const id = pathId(params, "id", MISSING.integrationCredential);
  return revokeIntegrationCredential(getDb(), user, id);
});

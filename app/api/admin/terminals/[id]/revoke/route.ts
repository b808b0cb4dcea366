import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { revokeTerminal } from "@/server/healthcard/terminals";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "institution.administer" }, async ({ user, params }) => {
  const id = pathId(params, "id", MISSING.terminal);
  return revokeTerminal(getDb(), user, id);
});

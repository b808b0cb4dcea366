import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { firstAdminSchema, inviteInstitutionAdmin } from "@/server/admin/institutions";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

/** The institution's admin, invited by a one-time link shown once. */
export const POST = apiRoute({ access: "institution.onboard", body: firstAdminSchema }, async ({ user, body, params, requestId, clientAddress }) =>
  inviteInstitutionAdmin(getDb(), user, pathId(params, "id", MISSING.institution), body, { requestId, ip: clientAddress }),
);

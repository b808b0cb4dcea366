import { apiRoute } from "@/app/_lib/api";
import { listInstitutions, onboardInstitution, onboardSchema } from "@/server/admin/institutions";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ access: "institution.onboard" }, async ({ user }) => listInstitutions(getDb(), user));

export const POST = apiRoute({ access: "institution.onboard", body: onboardSchema }, async ({ user, body, requestId, clientAddress }) =>
  onboardInstitution(getDb(), user, body, { requestId, ip: clientAddress }),
);

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { consentSchema, recordConsent } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "consultation.request", body: consentSchema }, async ({ user, params, body, requestId }) =>
  plain(await recordConsent(getDb(), user, pathId(params, "id", MISSING.consultation), body, requestId)),
);

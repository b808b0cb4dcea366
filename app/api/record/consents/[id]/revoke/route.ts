import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { revokeConsent } from "@/server/record/consent";

export const POST = apiRoute({ access: "record.manage" }, async ({ user, params, requestId }) => plain(await revokeConsent(getDb(), user, pathId(params, "id", MISSING.consent), requestId)));

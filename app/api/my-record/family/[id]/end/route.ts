import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { endFamilyLink } from "@/server/record/family";

/** The family member (or the resident) ends a family link in the portal. */
export const POST = apiRoute({ access: "record.manage" }, async ({ user, params, requestId }) => plain(await endFamilyLink(getDb(), user, pathId(params, "id", MISSING.familyLink), requestId)));

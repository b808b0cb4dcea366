import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { endFamilyLink } from "@/server/record/family";

/** Staff end a family link of a resident of their institution. */
export const DELETE = apiRoute({ access: "family.link" }, async ({ user, params, requestId }) => {
  pathId(params, "id", MISSING.resident);
  return plain(await endFamilyLink(getDb(), user, pathId(params, "linkId", MISSING.familyLink), requestId));
});

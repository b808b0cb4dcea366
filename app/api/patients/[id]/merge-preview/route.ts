import { apiRoute } from "@/app/_lib/api";
import { NotFoundError } from "@/lib/errors";
import { isUuid, pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { previewMerge } from "@/server/healthcard/merge";
import { MISSING } from "@/server/notFound";

/** GET /api/patients/<kept record>/merge-preview?from=<duplicate>: both records and what would move. */
export const GET = apiRoute({ access: "resident.update" }, async ({ request, user, params }) => {
  const intoResidentId = pathId(params, "id", MISSING.resident);
  const fromResidentId = request.nextUrl.searchParams.get("from");
  if (!isUuid(fromResidentId)) throw new NotFoundError(MISSING.resident);
  return previewMerge(getDb(), user, { intoResidentId, fromResidentId });
});

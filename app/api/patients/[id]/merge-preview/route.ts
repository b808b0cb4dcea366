import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { MERGE_ROLES, previewMerge } from "@/server/healthcard/merge";
import { MISSING } from "@/server/notFound";

/** GET /api/patients/<kept record>/merge-preview?from=<duplicate>: both records and what would move. */
export const GET = apiRoute({ roles: MERGE_ROLES }, async ({ request, user, params }) => {
  const into = z.uuid().safeParse(params.id);
  const from = z.uuid().safeParse(request.nextUrl.searchParams.get("from"));
  if (!into.success || !from.success) throw new NotFoundError(MISSING.resident);
  return previewMerge(getDb(), user, { intoResidentId: into.data, fromResidentId: from.data });
});

import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { STAFF_ROLES } from "@/server/auth/authorize";
import { getDb } from "@/server/db/client";
import { getResidentDetail } from "@/server/healthcard/residentDetail";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ roles: STAFF_ROLES }, async ({ user, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new NotFoundError(MISSING.resident);
  return getResidentDetail(getDb(), user, id.data);
});

import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import { apiRoute } from "@/lib/next/api";
import { STAFF_ROLES } from "@/server/auth/authorize";
import { getDb } from "@/server/db/client";
import { getResidentDetail } from "@/server/healthcard/residentDetail";
import { HEALTH_CARD_MISSING } from "@/server/healthcard/notFound";

export const GET = apiRoute({ roles: STAFF_ROLES }, async ({ user, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new NotFoundError(HEALTH_CARD_MISSING.resident);
  return getResidentDetail(getDb(), user, id.data);
});

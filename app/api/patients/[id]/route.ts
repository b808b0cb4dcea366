import { z } from "zod";
import { apiRoute } from "@/lib/next/api";
import { STAFF_ROLES } from "@/server/auth/authorize";
import { getDb } from "@/server/db/client";
import { HealthCardError } from "@/server/healthcard/errors";
import { getResidentDetail } from "@/server/healthcard/residentDetail";

export const GET = apiRoute({ roles: STAFF_ROLES }, async ({ user, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new HealthCardError("RESIDENT_NOT_FOUND", "healthCard.resident.notFound");
  return getResidentDetail(getDb(), user, id.data);
});

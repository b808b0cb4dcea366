import { z } from "zod";
import { apiRoute } from "@/lib/next/api";
import { getDb } from "@/server/db/client";
import { HealthCardError } from "@/server/healthcard/errors";
import { WINDOW_ROLES, verifyResident } from "@/server/healthcard/residents";

export const POST = apiRoute({ roles: WINDOW_ROLES }, async ({ user, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new HealthCardError("RESIDENT_NOT_FOUND", "healthCard.resident.notFound");
  await verifyResident(getDb(), user, id.data);
  return { verified: true };
});

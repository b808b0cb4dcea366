import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { WINDOW_ROLES, verifyResident } from "@/server/healthcard/residents";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ roles: WINDOW_ROLES }, async ({ user, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new NotFoundError(MISSING.resident);
  await verifyResident(getDb(), user, id.data);
  return { verified: true };
});

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { verifyResident } from "@/server/healthcard/residents";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "resident.verify" }, async ({ user, params }) => {
  const id = pathId(params, "id", MISSING.resident);
  await verifyResident(getDb(), user, id);
  return { verified: true };
});

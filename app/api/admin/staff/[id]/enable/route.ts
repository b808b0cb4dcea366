import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { enableStaff } from "@/server/admin/staff";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "staff.administer" }, async ({ user, params, requestId, clientAddress }) =>
  enableStaff(getDb(), user, pathId(params, "id", MISSING.staff), { requestId, ip: clientAddress }),
);

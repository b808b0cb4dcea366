import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { updateStaff, updateStaffSchema } from "@/server/admin/staff";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { getPlatform } from "@/server/platform";

export const PATCH = apiRoute({ access: "staff.administer", body: updateStaffSchema }, async ({ user, body, params, requestId, clientAddress }) =>
  updateStaff(getDb(), getPlatform().sessions, user, pathId(params, "id", MISSING.staff), body, { requestId, ip: clientAddress }),
);

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { disableStaff } from "@/server/admin/staff";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { getPlatform } from "@/server/platform";

/** Takes effect at once: every session of the account ends. */
export const POST = apiRoute({ access: "staff.administer" }, async ({ user, params, requestId, clientAddress }) =>
  disableStaff(getDb(), getPlatform().sessions, user, pathId(params, "id", MISSING.staff), { requestId, ip: clientAddress }),
);

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { issueStaffLink } from "@/server/admin/staff";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { getPlatform } from "@/server/platform";

/** A new invitation link (no password set yet) or a password-reset link, shown once. */
export const POST = apiRoute({ access: "staff.administer" }, async ({ user, params, requestId, clientAddress }) =>
  issueStaffLink(getDb(), getPlatform().sessions, user, pathId(params, "id", MISSING.staff), { requestId, ip: clientAddress }),
);

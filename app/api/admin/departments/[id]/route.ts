import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { renameDepartment, renameDepartmentSchema } from "@/server/admin/departments";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const PATCH = apiRoute({ access: "staff.administer", body: renameDepartmentSchema }, async ({ user, body, params, requestId, clientAddress }) =>
  renameDepartment(getDb(), user, pathId(params, "id", MISSING.department), body, { requestId, ip: clientAddress }),
);

import { apiRoute } from "@/app/_lib/api";
import { listDepartments } from "@/server/admin/departments";
import { createStaff, createStaffSchema, listStaff } from "@/server/admin/staff";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ access: "staff.administer" }, async ({ user }) => ({ ...(await listStaff(getDb(), user)), departments: await listDepartments(getDb(), user) }));

export const POST = apiRoute({ access: "staff.administer", body: createStaffSchema }, async ({ user, body, requestId, clientAddress }) =>
  createStaff(getDb(), user, body, { requestId, ip: clientAddress }),
);

import { apiRoute } from "@/app/_lib/api";
import { createDepartment, createDepartmentSchema, listDepartments } from "@/server/admin/departments";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ access: "staff.administer" }, async ({ user }) => ({ departments: await listDepartments(getDb(), user) }));

export const POST = apiRoute({ access: "staff.administer", body: createDepartmentSchema }, async ({ user, body, requestId, clientAddress }) =>
  createDepartment(getDb(), user, body, { requestId, ip: clientAddress }),
);

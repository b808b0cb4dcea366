/**
 * An institution's departments, managed by its admin: created with a code (unique in the
 * institution; a specialist's specialty is their department's code, so the consultation specialties
 * CARD, NEUR … route requests to its experts) and renamed. Codes never change: consultations and
 * queues refer to them. Another institution's department answers "not found". Audited.
 */
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { displayText } from "@/lib/validation";
import { assertAllowed } from "@/server/access/policy";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { adminInstitution, type Context } from "./staff";

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  staffCount: number;
}

export const createDepartmentSchema = z.object({
  code: z.string().trim().toUpperCase().max(32),
  name: displayText(100),
  nameEn: displayText(100).optional(),
});

export const renameDepartmentSchema = z.object({
  name: displayText(100),
  nameEn: displayText(100).nullable().optional(),
});

const CODE = /^[A-Z][A-Z0-9_-]{0,31}$/;

const SELECT = { id: true, code: true, name: true, nameEn: true, _count: { select: { users: true } } } as const;
const view = (row: { id: string; code: string; name: string; nameEn: string | null; _count: { users: number } }): DepartmentView => ({ id: row.id, code: row.code, name: row.name, nameEn: row.nameEn, staffCount: row._count.users });

export async function listDepartments(db: Db, actor: SessionUser): Promise<DepartmentView[]> {
  const institution = await adminInstitution(db, actor);
  const rows = await db.department.findMany({ where: { institutionId: institution.id }, orderBy: [{ code: "asc" }], select: SELECT });
  return rows.map(view);
}

export async function createDepartment(db: Db, actor: SessionUser, input: z.infer<typeof createDepartmentSchema>, context: Context = {}): Promise<DepartmentView> {
  const institution = await adminInstitution(db, actor);
  if (!CODE.test(input.code)) throw new ValidationError("admin.department.codeInvalid", { field: "code" });
  if (!input.name) throw new ValidationError("admin.department.nameRequired", { field: "name" });
  const existing = await db.department.findUnique({ where: { institutionId_code: { institutionId: institution.id, code: input.code } }, select: { id: true } });
  if (existing) throw new ConflictError("admin.department.codeTaken", [{ path: "code", message: "taken" }], "DEPARTMENT_CODE_TAKEN");
  return db.$transaction(async (tx) => {
    const row = await tx.department.create({ data: { institutionId: institution.id, code: input.code, name: input.name, nameEn: input.nameEn || null }, select: SELECT });
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "admin.department.created", targetType: "department", targetId: row.id, ip: context.ip, requestId: context.requestId, details: { code: row.code } });
    return view(row);
  });
}

export async function renameDepartment(db: Db, actor: SessionUser, departmentId: string, input: z.infer<typeof renameDepartmentSchema>, context: Context = {}): Promise<DepartmentView> {
  await adminInstitution(db, actor);
  const department = await db.department.findUnique({ where: { id: departmentId }, select: { id: true, institutionId: true, name: true } });
  if (!department) throw new NotFoundError(MISSING.department);
  assertAllowed(actor, "staff.administer", { institutionIds: [department.institutionId] }, MISSING.department);
  if (!input.name) throw new ValidationError("admin.department.nameRequired", { field: "name" });
  return db.$transaction(async (tx) => {
    const row = await tx.department.update({ where: { id: departmentId }, data: { name: input.name, ...(input.nameEn !== undefined ? { nameEn: input.nameEn || null } : {}) }, select: SELECT });
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "admin.department.renamed", targetType: "department", targetId: departmentId, ip: context.ip, requestId: context.requestId, details: { from: department.name, to: row.name } });
    return view(row);
  });
}

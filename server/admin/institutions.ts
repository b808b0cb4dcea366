/**
 * The platform admin onboards institutions (issue 13): name, level, the 6-digit region code
 * (validated as the region part of a resident ID number), the institution code, which is also
 * the issuer code its local identifiers are linked under (visit cards, hospital numbers:
 * server/healthcard/identifiers.ts, same rules as `normaliseIssuer`), and its parent in the
 * hierarchy (an institution of a higher level). Then the institution's first admin is invited by
 * a one-time link. Audited.
 */
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { displayText } from "@/lib/validation";
import { assertRole } from "@/server/access/policy";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { InstitutionLevel, type Role } from "@/server/db/generated/enums";
import { normaliseIssuer } from "@/server/healthcard/identifiers";
import { isRegionCode } from "@/server/healthcard/identity";
import { isUniqueViolation } from "@/server/healthcard/residents";
import { MISSING } from "@/server/notFound";
import type { IssuedLink } from "./links";
import { createAccount, statusOf, type Context, type StaffStatus, type StaffView } from "./staff";

const LEVELS = Object.values(InstitutionLevel) as [InstitutionLevel, ...InstitutionLevel[]];

export const onboardSchema = z.object({
  code: z.string().trim().max(32),
  name: displayText(200),
  nameEn: displayText(200).optional(),
  level: z.enum(LEVELS),
  regionCode: z.string().trim().max(6 + 10),
  parentId: z.uuid().nullable().optional(),
});

export const firstAdminSchema = z.object({
  username: z.string().trim().toLowerCase().max(64),
  displayName: displayText(100),
});

export interface InstitutionAdminView {
  id: string;
  username: string;
  displayName: string;
  status: StaffStatus;
}

export interface InstitutionView {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  level: InstitutionLevel;
  regionCode: string;
  parent: { id: string; name: string; nameEn: string | null } | null;
  admins: InstitutionAdminView[];
  staffCount: number;
  createdAt: string;
}

const NOT_STAFF: Role[] = ["PATIENT", "PLATFORM_ADMIN", "INTEGRATION", "GUEST"];

const SELECT = {
  id: true,
  code: true,
  name: true,
  nameEn: true,
  level: true,
  regionCode: true,
  createdAt: true,
  parent: { select: { id: true, name: true, nameEn: true } },
  users: { where: { role: "INSTITUTION_ADMIN" }, select: { id: true, username: true, displayName: true, disabled: true, passwordHash: true }, orderBy: { createdAt: "asc" } },
  _count: { select: { users: { where: { role: { notIn: NOT_STAFF } } } } },
} as const;

type Row = {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  level: InstitutionLevel;
  regionCode: string;
  createdAt: Date;
  parent: InstitutionView["parent"];
  users: { id: string; username: string; displayName: string; disabled: boolean; passwordHash: string | null }[];
  _count: { users: number };
};

const view = (row: Row): InstitutionView => ({
  id: row.id,
  code: row.code,
  name: row.name,
  nameEn: row.nameEn,
  level: row.level,
  regionCode: row.regionCode,
  parent: row.parent,
  admins: row.users.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, status: statusOf(u) })),
  staffCount: row._count.users,
  createdAt: row.createdAt.toISOString(),
});

export interface InstitutionList {
  institutions: InstitutionView[];
  /** From the same rows as the list (the home page shows them). */
  counts: { institutions: number; withoutActiveAdmin: number; pendingAdmins: number };
}

/** Every institution, by level then code, with its admins. */
export async function listInstitutions(db: Db, actor: SessionUser): Promise<InstitutionList> {
  assertRole(actor, "institution.onboard");
  const rows = await db.institution.findMany({ orderBy: [{ level: "asc" }, { code: "asc" }], take: 2000, select: SELECT });
  const institutions = rows.map(view);
  return {
    institutions,
    counts: {
      institutions: institutions.length,
      withoutActiveAdmin: institutions.filter((i) => !i.admins.some((a) => a.status === "ACTIVE")).length,
      pendingAdmins: institutions.reduce((n, i) => n + i.admins.filter((a) => a.status === "INVITED").length, 0),
    },
  };
}

export async function onboardInstitution(db: Db, actor: SessionUser, input: z.infer<typeof onboardSchema>, context: Context = {}): Promise<InstitutionView> {
  assertRole(actor, "institution.onboard");
  const code = normaliseIssuer(input.code);
  if (!input.name) throw new ValidationError("admin.institution.nameRequired", { field: "name" });
  if (!isRegionCode(input.regionCode)) throw new ValidationError("admin.institution.regionInvalid", { field: "regionCode" });
  if (input.parentId) {
    const parent = await db.institution.findUnique({ where: { id: input.parentId }, select: { level: true } });
    if (!parent) throw new ValidationError("admin.institution.parentUnknown", { field: "parentId" });
    if (LEVELS.indexOf(parent.level) >= LEVELS.indexOf(input.level)) throw new ValidationError("admin.institution.parentLevel", { field: "parentId" });
  }
  if (await db.institution.findUnique({ where: { code }, select: { id: true } })) throw new ConflictError("admin.institution.codeTaken", [{ path: "code", message: "taken" }], "INSTITUTION_CODE_TAKEN");
  const created = await db.$transaction(async (tx) => {
    const row = await tx.institution.create({
      data: { code, name: input.name, nameEn: input.nameEn || null, level: input.level, regionCode: input.regionCode, parentId: input.parentId ?? null },
      select: { id: true },
    });
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "admin.institution.onboarded", targetType: "institution", targetId: row.id, ip: context.ip, requestId: context.requestId, details: { code, level: input.level, regionCode: input.regionCode, parentId: input.parentId ?? null } });
    return row;
  }).catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new ConflictError("admin.institution.codeTaken", [{ path: "code", message: "taken" }], "INSTITUTION_CODE_TAKEN");
    throw error;
  });
  return view(await db.institution.findUniqueOrThrow({ where: { id: created.id }, select: SELECT }));
}

/** The institution's (first, or another) admin, invited by a one-time link shown once to the platform admin. */
export async function inviteInstitutionAdmin(db: Db, actor: SessionUser, institutionId: string, input: z.infer<typeof firstAdminSchema>, context: Context = {}): Promise<{ staff: StaffView; link: IssuedLink | null }> {
  assertRole(actor, "institution.onboard");
  const institution = await db.institution.findUnique({ where: { id: institutionId }, select: { id: true, level: true } });
  if (!institution) throw new NotFoundError(MISSING.institution);
  return createAccount(db, actor, institution, { ...input, role: "INSTITUTION_ADMIN", mode: "invite" }, context);
}

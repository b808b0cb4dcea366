/**
 * An institution admin's staff (issue 13): accounts of their own institution, created with a
 * password or invited by a one-time link (links.ts); their role (only the staff roles of the
 * institution's level, server/access/policy.ts `staffRolesFor`), department (a specialist's
 * specialty is their department's code) and title; disabled and enabled again; a password-reset
 * link. Disabling and a role change go through server/auth/accounts.ts, which ends every session
 * of the account at once. Every change is audited.
 *
 * Another institution's account (or department) answers "not found", like an id that does not exist.
 */
import { z } from "zod";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { displayText } from "@/lib/validation";
import { assertAllowed, assertRole, staffRolesFor, type UserRole } from "@/server/access/policy";
import { audit } from "@/server/audit";
import { changeUserRole, disableUser, enableUser } from "@/server/auth/accounts";
import { hashPassword } from "@/server/auth/password";
import type { SessionService } from "@/server/auth/sessions";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { Role, type InstitutionLevel } from "@/server/db/generated/enums";
import { isUniqueViolation } from "@/server/healthcard/residents";
import { MISSING } from "@/server/notFound";
import { checkNewPassword, issueAccountLink, revokeOpenLinks, type IssuedLink } from "./links";

export interface Context {
  requestId?: string | null;
  ip?: string | null;
}

/** How an account stands: signs in, waits for its invitation to be used, or is disabled. */
export type StaffStatus = "ACTIVE" | "INVITED" | "DISABLED";
export const STAFF_STATUSES: readonly StaffStatus[] = ["ACTIVE", "INVITED", "DISABLED"];

export interface StaffView {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  title: string | null;
  department: { id: string; code: string; name: string; nameEn: string | null } | null;
  status: StaffStatus;
  /** An invitation not yet used and not expired. */
  pendingInvite: { expiresAt: string } | null;
  lastLoginAt: string | null;
  createdAt: string;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const ROLES = Object.values(Role).filter((r): r is UserRole => r !== "INTEGRATION" && r !== "GUEST") as [UserRole, ...UserRole[]];

const STAFF_ROLES = ROLES.filter((r) => r !== "PATIENT" && r !== "PLATFORM_ADMIN");

export const createStaffSchema = z.object({
  username: z.string().trim().toLowerCase().max(64),
  displayName: displayText(100),
  role: z.enum(ROLES),
  departmentId: z.uuid().nullable().optional(),
  title: displayText(50).optional(),
  /** "invite": a one-time link (no password yet); "password": the admin sets a first password. */
  mode: z.enum(["invite", "password"]),
  password: z.string().max(256).optional(),
});

export const updateStaffSchema = z.object({
  displayName: displayText(100).optional(),
  role: z.enum(ROLES).optional(),
  departmentId: z.uuid().nullable().optional(),
  title: displayText(50).nullable().optional(),
});

/** The admin's institution with its level; an admin without one administers nobody. */
export async function adminInstitution(db: Db, actor: SessionUser): Promise<{ id: string; level: InstitutionLevel; name: string; nameEn: string | null }> {
  assertRole(actor, "staff.administer");
  const institution = actor.institutionId ? await db.institution.findUnique({ where: { id: actor.institutionId }, select: { id: true, level: true, name: true, nameEn: true } }) : null;
  if (!institution) throw new ValidationError("admin.staff.needInstitution");
  return institution;
}

/** An account of the admin's institution (never a patient's or a platform admin's); 404 otherwise. */
async function staffInReach(db: Db, actor: SessionUser, userId: string) {
  assertRole(actor, "staff.administer");
  const target = await db.user.findUnique({ where: { id: userId }, select: { id: true, username: true, role: true, institutionId: true, disabled: true, passwordHash: true, departmentId: true, title: true, displayName: true } });
  if (!target || target.role === "PATIENT" || target.role === "PLATFORM_ADMIN" || target.role === "INTEGRATION" || target.role === "GUEST") throw new NotFoundError(MISSING.staff);
  assertAllowed(actor, "staff.administer", { institutionIds: target.institutionId ? [target.institutionId] : [] }, MISSING.staff);
  return target;
}

function assertRoleForLevel(role: UserRole, level: InstitutionLevel): void {
  if (!staffRolesFor(level).includes(role)) throw new ValidationError("admin.staff.roleNotForLevel", { field: "role" }, { role });
}

/** A department of the institution, or a 400 naming the field (another hospital's department is not one). */
async function departmentOf(db: Db, institutionId: string, departmentId: string | null | undefined): Promise<string | null> {
  if (!departmentId) return null;
  const department = await db.department.findFirst({ where: { id: departmentId, institutionId }, select: { id: true } });
  if (!department) throw new ValidationError("admin.staff.departmentUnknown", { field: "departmentId" });
  return department.id;
}

function assertSpecialistHasDepartment(role: UserRole, departmentId: string | null): void {
  if (role === "SPECIALIST" && !departmentId) throw new ValidationError("admin.staff.specialistNeedsDepartment", { field: "departmentId" });
}

const SELECT = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  title: true,
  disabled: true,
  passwordHash: true,
  lastLoginAt: true,
  createdAt: true,
  department: { select: { id: true, code: true, name: true, nameEn: true } },
  accountLinks: { where: { purpose: "INVITE", usedAt: null, revokedAt: null }, select: { expiresAt: true }, orderBy: { createdAt: "desc" }, take: 1 },
} as const;

type Row = { id: string; username: string; displayName: string; role: Role; title: string | null; disabled: boolean; passwordHash: string | null; lastLoginAt: Date | null; createdAt: Date; department: StaffView["department"]; accountLinks: { expiresAt: Date }[] };

export function statusOf(row: { disabled: boolean; passwordHash: string | null }): StaffStatus {
  return row.disabled ? "DISABLED" : row.passwordHash ? "ACTIVE" : "INVITED";
}

function view(row: Row, now: Date): StaffView {
  const invite = row.accountLinks[0];
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role as UserRole,
    title: row.title,
    department: row.department,
    status: statusOf(row),
    pendingInvite: invite && invite.expiresAt.getTime() > now.getTime() && !row.disabled ? { expiresAt: invite.expiresAt.toISOString() } : null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface StaffList {
  staff: StaffView[];
  /** From the same rows as the list: the home page shows these. */
  counts: Record<StaffStatus, number> & { pendingInvites: number };
  roles: readonly UserRole[];
}

/** The institution's staff (not its residents), newest first; the counts are of the same rows. */
export async function listStaff(db: Db, actor: SessionUser, now: Date = new Date()): Promise<StaffList> {
  const institution = await adminInstitution(db, actor);
  const rows = await db.user.findMany({
    // Every staff role, also one the level no longer offers (an account from before a change of level).
    where: { institutionId: institution.id, role: { in: STAFF_ROLES } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 1000,
    select: SELECT,
  });
  const staff = rows.map((row) => view(row, now));
  const counts = { ACTIVE: 0, INVITED: 0, DISABLED: 0, pendingInvites: 0 };
  for (const person of staff) {
    counts[person.status]++;
    if (person.pendingInvite) counts.pendingInvites++;
  }
  return { staff, counts, roles: staffRolesFor(institution.level) };
}

async function viewOf(db: Db, userId: string, now: Date = new Date()): Promise<StaffView> {
  return view(await db.user.findUniqueOrThrow({ where: { id: userId }, select: SELECT }), now);
}

/**
 * Creates an account of the admin's institution: with a first password the admin gives the
 * person, or (mode "invite") without one and with an invitation link shown once.
 */
export async function createStaff(db: Db, actor: SessionUser, input: z.infer<typeof createStaffSchema>, context: Context = {}): Promise<{ staff: StaffView; link: IssuedLink | null }> {
  const institution = await adminInstitution(db, actor);
  return createAccount(db, actor, institution, input, context);
}

/** Shared with the platform admin's first admin of a new institution (institutions.ts). */
export async function createAccount(
  db: Db,
  actor: SessionUser,
  institution: { id: string; level: InstitutionLevel },
  input: z.infer<typeof createStaffSchema>,
  context: Context,
): Promise<{ staff: StaffView; link: IssuedLink | null }> {
  const username = input.username;
  if (!USERNAME.test(username)) throw new ValidationError("admin.staff.usernameInvalid", { field: "username" });
  if (!input.displayName) throw new ValidationError("admin.staff.nameRequired", { field: "displayName" });
  assertRoleForLevel(input.role, institution.level);
  const departmentId = await departmentOf(db, institution.id, input.departmentId);
  assertSpecialistHasDepartment(input.role, departmentId);
  let passwordHash: string | null = null;
  if (input.mode === "password") {
    if (!input.password) throw new ValidationError("admin.password.required", { field: "password" });
    checkNewPassword(input.password, username);
    passwordHash = await hashPassword(input.password);
  }
  if (await db.user.findUnique({ where: { username }, select: { id: true } })) throw new ConflictError("admin.staff.usernameTaken", [{ path: "username", message: "taken" }], "USERNAME_TAKEN");
  const { id, link } = await db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { username, displayName: input.displayName, role: input.role, title: input.title || null, institutionId: institution.id, departmentId, passwordHash },
      select: { id: true },
    });
    const link = input.mode === "invite" ? await issueAccountLink(tx, user.id, "INVITE", actor.id) : null;
    await audit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: input.mode === "invite" ? "admin.staff.invited" : "admin.staff.created",
      targetType: "user",
      targetId: user.id,
      ip: context.ip,
      requestId: context.requestId,
      details: { role: input.role, institutionId: institution.id, departmentId },
    });
    return { id: user.id, link };
  }).catch((error: unknown) => {
    // Two admins choosing one username at the same moment: the unique index decides.
    if (isUniqueViolation(error)) throw new ConflictError("admin.staff.usernameTaken", [{ path: "username", message: "taken" }], "USERNAME_TAKEN");
    throw error;
  });
  return { staff: await viewOf(db, id), link };
}

/** Name, role, department and title. A role change ends the person's sessions (they sign in again into it). */
export async function updateStaff(db: Db, sessions: SessionService, actor: SessionUser, userId: string, input: z.infer<typeof updateStaffSchema>, context: Context = {}): Promise<StaffView> {
  const institution = await adminInstitution(db, actor);
  const target = await staffInReach(db, actor, userId);
  const role = input.role ?? (target.role as UserRole);
  if (input.role && input.role !== target.role) {
    if (userId === actor.id) throw new ForbiddenError("admin.staff.notYourself");
    assertRoleForLevel(input.role, institution.level);
  }
  const departmentId = input.departmentId === undefined ? target.departmentId : await departmentOf(db, institution.id, input.departmentId);
  assertSpecialistHasDepartment(role, departmentId);
  if (input.displayName !== undefined && !input.displayName) throw new ValidationError("admin.staff.nameRequired", { field: "displayName" });
  const changes: Record<string, unknown> = {};
  if (input.displayName !== undefined && input.displayName !== target.displayName) changes.displayName = input.displayName;
  if (departmentId !== target.departmentId) changes.departmentId = departmentId;
  if (input.title !== undefined && (input.title || null) !== target.title) changes.title = input.title || null;
  if (Object.keys(changes).length > 0) {
    await db.$transaction(async (tx) => {
      await tx.user.update({ where: { id: userId }, data: changes });
      await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "admin.staff.updated", targetType: "user", targetId: userId, ip: context.ip, requestId: context.requestId, details: { fields: Object.keys(changes) } });
    });
  }
  // The department is the specialist's specialty: the session's actor reads it from the row now,
  // but a changed department or role must not leave an open session with the old queue.
  if (input.role && input.role !== target.role) await changeUserRole(db, sessions, actor, userId, input.role, context);
  else if (changes.departmentId !== undefined && role === "SPECIALIST") await sessions.revokeAllForUser(userId, "role_changed");
  return viewOf(db, userId);
}

/** Disables the account at once: every session ends, open links stop working; signing in is refused. */
export async function disableStaff(db: Db, sessions: SessionService, actor: SessionUser, userId: string, context: Context = {}): Promise<StaffView> {
  await staffInReach(db, actor, userId);
  if (userId === actor.id) throw new ForbiddenError("admin.staff.notYourself");
  await disableUser(db, sessions, actor, userId, context);
  await revokeOpenLinks(db, userId);
  return viewOf(db, userId);
}

export async function enableStaff(db: Db, actor: SessionUser, userId: string, context: Context = {}): Promise<StaffView> {
  await staffInReach(db, actor, userId);
  if (userId === actor.id) throw new ForbiddenError("admin.staff.notYourself");
  await enableUser(db, actor, userId, context);
  return viewOf(db, userId);
}

/**
 * A one-time link for the person: a new invitation while they have not set a password yet,
 * otherwise a password reset. Issuing a reset ends their sessions at once (whoever has the old
 * password is out); the old password stops working when the link is used.
 */
export async function issueStaffLink(db: Db, sessions: SessionService, actor: SessionUser, userId: string, context: Context = {}): Promise<{ staff: StaffView; link: IssuedLink }> {
  const target = await staffInReach(db, actor, userId);
  if (target.disabled) throw new ConflictError("admin.staff.disabledNoLink", undefined, "ACCOUNT_DISABLED");
  if (userId === actor.id) throw new ForbiddenError("admin.staff.notYourself");
  const purpose = target.passwordHash ? "PASSWORD_RESET" : "INVITE";
  const link = await db.$transaction(async (tx) => {
    const link = await issueAccountLink(tx, userId, purpose, actor.id);
    await audit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: purpose === "INVITE" ? "admin.staff.reinvited" : "admin.password.reset_issued",
      targetType: "user",
      targetId: userId,
      ip: context.ip,
      requestId: context.requestId,
    });
    return link;
  });
  if (purpose === "PASSWORD_RESET") await sessions.revokeAllForUser(userId, "revoked");
  return { staff: await viewOf(db, userId), link };
}

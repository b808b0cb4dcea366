/**
 * Account changes that must reach every open session at once: disabling a user and changing a
 * role end all of the person's sessions (server/auth/sessions.ts), so pages, APIs and sockets
 * refuse the old session on the next request and its sockets are closed. The admin screens for
 * them are separate work; these are the domain operations they will call.
 *
 * A platform admin manages every account; an institution admin the accounts of their own
 * institution, never a platform admin's, and cannot grant the platform admin role. Nobody
 * disables their own account or changes their own role. An account outside the actor's reach
 * is refused the same way as one that does not exist.
 */
import { assertRole, type UserRole } from "@/server/access/policy";
import { ForbiddenError } from "@/lib/errors";
import { audit } from "@/server/audit";
import type { Db } from "@/server/db/client";
import type { SessionService } from "./sessions";
import type { SessionUser } from "./signIn";


interface Context {
  requestId?: string | null;
  ip?: string | null;
}

async function accountInReach(db: Db, actor: SessionUser, userId: string) {
  assertRole(actor, "user.administer");
  if (userId === actor.id) throw new ForbiddenError();
  const target = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true, institutionId: true, disabled: true } });
  if (!target) throw new ForbiddenError();
  if (actor.role === "INSTITUTION_ADMIN" && (target.role === "PLATFORM_ADMIN" || !actor.institutionId || target.institutionId !== actor.institutionId)) {
    throw new ForbiddenError();
  }
  return target;
}

/** Disables the account and ends every session of it. */
export async function disableUser(db: Db, sessions: SessionService, actor: SessionUser, userId: string, context: Context = {}): Promise<{ sessionsEnded: number }> {
  const target = await accountInReach(db, actor, userId);
  if (!target.disabled) await db.user.update({ where: { id: userId }, data: { disabled: true } });
  const ended = await sessions.revokeAllForUser(userId, "user_disabled");
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "auth.user_disabled", targetType: "user", targetId: userId, ip: context.ip, requestId: context.requestId, details: { sessionsEnded: ended.length } });
  return { sessionsEnded: ended.length };
}

/** Enables a disabled account again (its old sessions stay ended: the person signs in anew). */
export async function enableUser(db: Db, actor: SessionUser, userId: string, context: Context = {}): Promise<void> {
  const target = await accountInReach(db, actor, userId);
  if (!target.disabled) return;
  await db.user.update({ where: { id: userId }, data: { disabled: false } });
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "auth.user_enabled", targetType: "user", targetId: userId, ip: context.ip, requestId: context.requestId });
}

/** Gives the account another role and ends every session of it: the person signs in again into the new role. */
export async function changeUserRole(db: Db, sessions: SessionService, actor: SessionUser, userId: string, role: UserRole, context: Context = {}): Promise<{ sessionsEnded: number }> {
  const target = await accountInReach(db, actor, userId);
  if (role === "PLATFORM_ADMIN" && actor.role !== "PLATFORM_ADMIN") throw new ForbiddenError();
  if (target.role === role) return { sessionsEnded: 0 };
  await db.user.update({ where: { id: userId }, data: { role } });
  const ended = await sessions.revokeAllForUser(userId, "role_changed");
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "auth.role_changed", targetType: "user", targetId: userId, ip: context.ip, requestId: context.requestId, details: { from: target.role, to: role, sessionsEnded: ended.length } });
  return { sessionsEnded: ended.length };
}

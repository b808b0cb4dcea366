/**
 * Credential sign-in with brute-force protection that cannot lock the owner out: the limits of
 * server/limits.ts (per address, per account and address, a per-account slowdown) are checked
 * before the password, and answer 429 with the wait. No account is ever locked: failures from
 * one address only make that address (and that address's tries at the account) wait. Every
 * outcome is audited. Unknown usernames cost the same time as known ones.
 */
import { z } from "zod";
import { AppError, ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import type { Db } from "@/server/db/client";
import { isUserRole, type UserRole } from "@/server/access/policy";
import type { SignInLimits } from "@/server/limits";
import { burnPasswordCheck, verifyPassword } from "./password";

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  institutionId: string | null;
}

export class InvalidCredentialsError extends AppError {
  constructor() {
    super("UNAUTHENTICATED", "auth.invalidCredentials", { publicCode: "INVALID_CREDENTIALS" });
  }
}

export class AccountDisabledError extends AppError {
  constructor() {
    super("FORBIDDEN", "auth.disabled", { publicCode: "ACCOUNT_DISABLED" });
  }
}

export const credentialsSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function signIn(db: Db, input: unknown, limits: SignInLimits, context: { ip?: string | null; now?: Date } = {}): Promise<SessionUser> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("signIn.required");
  const { username, password } = parsed.data;
  const now = context.now ?? new Date();

  // A 429 (RateLimitedError) from here writes no audit row: a flood of refusals would fill the log.
  const attempt = await limits.begin(username, context.ip);
  const user = await db.user.findUnique({ where: { username } });
  await sleep(attempt.slowdownMs);

  if (!user) {
    await burnPasswordCheck(password);
    await attempt.failed();
    await audit(db, { action: "auth.sign_in_failed", targetType: "username", targetId: username, ip: context.ip, details: { reason: "unknown_user" } });
    throw new InvalidCredentialsError();
  }
  const base = { actorId: user.id, actorRole: user.role, targetType: "user", targetId: user.id, ip: context.ip };
  // An invited account has no password until its link is used: any password is wrong, at the same cost.
  const valid = user.passwordHash ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);

  if (!valid) {
    const failures = user.failedLoginCount + 1;
    await attempt.failed();
    await db.user.update({ where: { id: user.id }, data: { failedLoginCount: failures, lastFailedLoginAt: now } });
    await audit(db, { ...base, action: "auth.sign_in_failed", details: { failures, ...(attempt.slowdownMs > 0 ? { slowedMs: attempt.slowdownMs } : {}) } });
    throw new InvalidCredentialsError();
  }

  if (user.disabled || !isUserRole(user.role)) {
    await audit(db, { ...base, action: "auth.sign_in_refused_disabled" });
    throw new AccountDisabledError();
  }

  await attempt.succeeded();
  await db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
  await audit(db, { ...base, action: "auth.signed_in" });
  const role: UserRole = user.role;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role,
    institutionId: user.institutionId,
  };
}

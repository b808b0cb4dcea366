/**
 * Credential sign-in with brute-force protection: after the second consecutive failure each
 * further attempt on the account is slowed (exponential, capped), and `maxAttempts` failures
 * lock the account for `lockMinutes`. Every outcome is audited. Unknown usernames cost the same
 * time as known ones.
 */
import { z } from "zod";
import { AccountLockedError, AppError, ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import type { Db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import { burnPasswordCheck, verifyPassword } from "./password";

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  institutionId: string | null;
}

export interface SignInPolicy {
  maxAttempts: number;
  lockMinutes: number;
  /** Base of the progressive delay; tests set 0. */
  slowdownBaseMs: number;
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

export function slowdownFor(failures: number, baseMs: number): number {
  if (failures < 2 || baseMs <= 0) return 0;
  return Math.min(baseMs * 2 ** (failures - 2), 8 * baseMs);
}

export async function signIn(
  db: Db,
  input: unknown,
  policy: SignInPolicy,
  context: { ip?: string | null; now?: Date } = {},
): Promise<SessionUser> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("signIn.required");
  const { username, password } = parsed.data;
  const now = context.now ?? new Date();
  const user = await db.user.findUnique({ where: { username } });

  if (!user) {
    await burnPasswordCheck(password);
    await audit(db, { action: "auth.sign_in_failed", targetType: "username", targetId: username, ip: context.ip, details: { reason: "unknown_user" } });
    throw new InvalidCredentialsError();
  }
  const base = { actorId: user.id, actorRole: user.role, targetType: "user", targetId: user.id, ip: context.ip };

  if (user.lockedUntil && user.lockedUntil > now) {
    await audit(db, { ...base, action: "auth.sign_in_refused_locked" });
    throw new AccountLockedError(Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000));
  }

  await sleep(slowdownFor(user.failedLoginCount, policy.slowdownBaseMs));
  const valid = await verifyPassword(password, user.passwordHash);

  if (!valid) {
    const failures = user.failedLoginCount + 1;
    const lock = failures >= policy.maxAttempts;
    await db.user.update({
      where: { id: user.id },
      data: {
        failedLoginCount: lock ? 0 : failures,
        lastFailedLoginAt: now,
        lockedUntil: lock ? new Date(now.getTime() + policy.lockMinutes * 60_000) : user.lockedUntil,
      },
    });
    await audit(db, { ...base, action: lock ? "auth.account_locked" : "auth.sign_in_failed", details: { failures } });
    if (lock) throw new AccountLockedError(policy.lockMinutes);
    throw new InvalidCredentialsError();
  }

  if (user.disabled) {
    await audit(db, { ...base, action: "auth.sign_in_refused_disabled" });
    throw new AccountDisabledError();
  }

  await db.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
  await audit(db, { ...base, action: "auth.signed_in" });
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    institutionId: user.institutionId,
  };
}

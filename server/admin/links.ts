/**
 * One-time links to set a password: an invitation to a new account (7 days) and a password
 * reset (24 hours). The link carries a random token after `#` (browsers never send the fragment,
 * so it stays out of server logs and Referer headers); only its SM3 hash is stored
 * (server/auth/bearerToken.ts). A link is used once, expires, and a newer link for the same person
 * supersedes the older ones. Using it sets the password and ends every session of the account.
 *
 * The public page (app/(portal)/../account/setup) first asks what the link is for, then posts the
 * new password; both are public entry points whose only credential is the token itself.
 */
import { z } from "zod";
import { AppError, NotFoundError, ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import { hashBearerToken, issueBearerToken } from "@/server/auth/bearerToken";
import { hashPassword } from "@/server/auth/password";
import type { SessionService } from "@/server/auth/sessions";
import type { Db } from "@/server/db/client";
import type { AccountLinkPurpose } from "@/server/db/generated/enums";
import { MISSING } from "@/server/notFound";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const TOKEN_PREFIX = "rmpa_";
export const LINK_LIFETIME_MS: Record<AccountLinkPurpose, number> = {
  INVITE: 7 * 24 * 3_600_000,
  PASSWORD_RESET: 24 * 3_600_000,
};
export const ACCOUNT_SETUP_PATH = "/account/setup";

export const PASSWORD_MIN = 8;

/** What an admin hands over (copied, or sent by the hospital's own channel): shown once. */
export interface IssuedLink {
  purpose: AccountLinkPurpose;
  /** `/account/setup#<token>`: the page's path with the token in the fragment. */
  path: string;
  expiresAt: string;
}

export class LinkUsedError extends AppError {
  constructor() {
    super("CONFLICT", "admin.link.used", { publicCode: "ACCOUNT_LINK_USED", status: 410 });
  }
}

export class LinkExpiredError extends AppError {
  constructor() {
    super("CONFLICT", "admin.link.expired", { publicCode: "ACCOUNT_LINK_EXPIRED", status: 410 });
  }
}

/** Issues a link for the account and supersedes its earlier open links. Audited by the caller's transaction. */
export async function issueAccountLink(tx: Tx, userId: string, purpose: AccountLinkPurpose, createdById: string, now: Date = new Date()): Promise<IssuedLink> {
  await revokeOpenLinks(tx, userId, now);
  const { token, tokenHash } = issueBearerToken(TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS[purpose]);
  await tx.accountLink.create({ data: { userId, purpose, tokenHash, expiresAt, createdById, createdAt: now } });
  return { purpose, path: `${ACCOUNT_SETUP_PATH}#${token}`, expiresAt: expiresAt.toISOString() };
}

/** Links not yet used: no longer usable (a newer link, a disabled account). */
export async function revokeOpenLinks(tx: Pick<Tx, "accountLink">, userId: string, now: Date = new Date()): Promise<void> {
  await tx.accountLink.updateMany({ where: { userId, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
}

export const tokenSchema = z.object({ token: z.string().trim().min(8).max(200) });
export const setPasswordSchema = tokenSchema.extend({ password: z.string().min(1).max(256) });

/** The link's row when it can still be used; otherwise the reason as an error (404 unknown, 410 used or expired). */
async function usableLink(db: Pick<Db, "accountLink">, token: string, now: Date) {
  const row = await db.accountLink.findUnique({
    where: { tokenHash: hashBearerToken(token) },
    select: { id: true, userId: true, purpose: true, expiresAt: true, usedAt: true, revokedAt: true, user: { select: { username: true, displayName: true, disabled: true, institution: { select: { name: true, nameEn: true } } } } },
  });
  if (!row) throw new NotFoundError(MISSING.accountLink);
  // A superseded link is as good as used: the person is told to use the newest one.
  if (row.usedAt || row.revokedAt) throw new LinkUsedError();
  if (row.expiresAt.getTime() <= now.getTime()) throw new LinkExpiredError();
  if (row.user.disabled) throw new AppError("FORBIDDEN", "auth.disabled", { publicCode: "ACCOUNT_DISABLED" });
  return row;
}

export interface LinkView {
  purpose: AccountLinkPurpose;
  username: string;
  displayName: string;
  institution: { name: string; nameEn: string | null } | null;
  expiresAt: string;
}

/** What the link is for, before the person chooses a password. */
export async function describeAccountLink(db: Db, token: string, now: Date = new Date()): Promise<LinkView> {
  const row = await usableLink(db, token, now);
  return { purpose: row.purpose, username: row.user.username, displayName: row.user.displayName, institution: row.user.institution, expiresAt: row.expiresAt.toISOString() };
}

/** A password people can keep: long enough, letters and digits, not the username. */
export function checkNewPassword(password: string, username: string): void {
  if (password.length < PASSWORD_MIN) throw new ValidationError("admin.password.tooShort", { field: "password" }, { min: PASSWORD_MIN });
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) throw new ValidationError("admin.password.needsMix", { field: "password" });
  if (password.toLowerCase().includes(username.toLowerCase())) throw new ValidationError("admin.password.hasUsername", { field: "password" });
}

/**
 * Uses the link: sets the password, marks the link used (exactly once, even when two requests
 * race) and ends every session of the account, so a reset locks out whoever had the old password.
 */
export async function redeemAccountLink(db: Db, sessions: SessionService, input: { token: string; password: string }, context: { ip?: string | null; requestId?: string | null } = {}, now: Date = new Date()): Promise<{ username: string }> {
  const row = await usableLink(db, input.token, now);
  checkNewPassword(input.password, row.user.username);
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    const { count } = await tx.accountLink.updateMany({ where: { id: row.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count !== 1) throw new LinkUsedError();
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, failedLoginCount: 0, lockedUntil: null } });
    await audit(tx, {
      actorId: row.userId,
      action: row.purpose === "INVITE" ? "admin.invite.accepted" : "admin.password.reset_done",
      targetType: "user",
      targetId: row.userId,
      ip: context.ip,
      requestId: context.requestId,
    });
  });
  await sessions.revokeAllForUser(row.userId, "revoked");
  return { username: row.user.username };
}

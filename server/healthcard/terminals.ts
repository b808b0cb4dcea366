/**
 * Hospital terminals allowed to call the verification API. An institution admin issues a
 * terminal; its bearer token is shown once and only its SM3 hash is stored. A terminal may
 * register an SM2 public key, after which every request must be signed.
 */
import { NotFoundError, ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import { assertRole } from "@/server/access/policy";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { hashBearerToken, issueBearerToken } from "@/server/auth/bearerToken";
import { HealthCardError } from "./errors";
import { isUniqueViolation } from "./residents";
import { getPlatform } from "@/server/platform";
import { forgetTerminalCache } from "./verify";
import { MISSING } from "@/server/notFound";

const TOKEN_PREFIX = "ehct_";

export function hashTerminalToken(token: string): string {
  return hashBearerToken(token);
}

export interface TerminalView {
  id: string;
  code: string;
  name: string;
  tokenHint: string;
  signed: boolean;
  createdAt: string;
  revokedAt: string | null;
}

const view = (t: { id: string; code: string; name: string; tokenHint: string; sm2PublicKey: string | null; createdAt: Date; revokedAt: Date | null }): TerminalView => ({
  id: t.id,
  code: t.code,
  name: t.name,
  tokenHint: t.tokenHint,
  signed: t.sm2PublicKey !== null,
  createdAt: t.createdAt.toISOString(),
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

async function adminInstitution(db: Db, actor: SessionUser) {
  assertRole(actor, "institution.administer");
  const institution = actor.institutionId ? await db.institution.findUnique({ where: { id: actor.institutionId }, select: { id: true, code: true } }) : null;
  if (!institution) throw new ValidationError("healthCard.terminal.needInstitution");
  return institution;
}

export async function listTerminals(db: Db, actor: SessionUser): Promise<TerminalView[]> {
  const institution = await adminInstitution(db, actor);
  const rows = await db.terminal.findMany({ where: { institutionId: institution.id }, orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }] });
  return rows.map(view);
}

export interface IssueTerminalInput {
  /** Department code and station, e.g. "IM-01"; the institution code is put in front. */
  code: string;
  name: string;
  sm2PublicKey?: string | null;
}

export async function issueTerminal(db: Db, actor: SessionUser, input: IssueTerminalInput): Promise<{ terminal: TerminalView; token: string }> {
  const institution = await adminInstitution(db, actor);
  let suffix = input.code.trim().toUpperCase();
  if (suffix.startsWith(`${institution.code}-`)) suffix = suffix.slice(institution.code.length + 1);
  if (!/^[A-Z0-9]{1,16}(?:-[A-Z0-9]{1,16}){0,2}$/.test(suffix)) throw new ValidationError("healthCard.terminal.codeInvalid", { field: "code" });
  const name = input.name.trim();
  if (!name || name.length > 100) throw new ValidationError("errors.validation", { field: "name" });
  const publicKey = input.sm2PublicKey?.trim() || null;
  if (publicKey && !/^04[0-9a-fA-F]{128}$/.test(publicKey)) throw new ValidationError("healthCard.terminal.publicKeyInvalid", { field: "sm2PublicKey" });
  const { token, tokenHash, tokenHint } = issueBearerToken(TOKEN_PREFIX);
  try {
    const terminal = await db.terminal.create({
      data: {
        institutionId: institution.id,
        code: `${institution.code}-${suffix}`,
        name,
        tokenHash,
        tokenHint,
        sm2PublicKey: publicKey?.toLowerCase() ?? null,
        createdById: actor.id,
      },
    });
    await audit(db, { actorId: actor.id, actorRole: actor.role, action: "ehc.terminal.issued", targetType: "terminal", targetId: terminal.id, details: { code: terminal.code, signed: Boolean(publicKey) } });
    return { terminal: view(terminal), token };
  } catch (error) {
    if (isUniqueViolation(error)) throw new HealthCardError("IDENTIFIER_TAKEN", "healthCard.terminal.codeTaken");
    throw error;
  }
}

export async function revokeTerminal(db: Db, actor: SessionUser, terminalId: string): Promise<TerminalView> {
  const institution = await adminInstitution(db, actor);
  const terminal = await db.terminal.findFirst({ where: { id: terminalId, institutionId: institution.id } });
  if (!terminal) throw new NotFoundError(MISSING.terminal);
  if (terminal.revokedAt) return view(terminal);
  const revoked = await db.terminal.update({ where: { id: terminal.id }, data: { revokedAt: new Date() } });
  forgetTerminalCache(getPlatform().verifyStore, terminal.tokenHash);
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "ehc.terminal.revoked", targetType: "terminal", targetId: terminal.id, details: { code: terminal.code } });
  return view(revoked);
}

/**
 * Integration credentials: an institution's system (its HIS, LIS, PACS) pushing FHIR Bundles and
 * reading back through /fhir/R4. The institution admin issues one (its bearer token shown once,
 * only the SM3 hash kept, as for the terminals: server/auth/bearerToken.ts), lists and revokes
 * them. A request with the token acts as `{ id: credentialId, role: "INTEGRATION", institutionId }`,
 * never as a person; a revocation takes effect on the next request (no cache).
 */
import { AppError, NotFoundError, ValidationError } from "@/lib/errors";
import { assertRole, type Actor } from "@/server/access/policy";
import { audit } from "@/server/audit";
import { bearerTokenOf, issueBearerToken, hashBearerToken } from "@/server/auth/bearerToken";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

const TOKEN_PREFIX = "rmpi_";
/** last_used_at is written at most this often per credential: a busy system does not write a row per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** An institution's system, as the access policy sees it. */
export interface IntegrationActor extends Actor {
  role: "INTEGRATION";
  institutionId: string;
}

export interface IntegrationCredentialView {
  id: string;
  name: string;
  tokenHint: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type CredentialRow = { id: string; name: string; tokenHint: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

const view = (row: CredentialRow): IntegrationCredentialView => ({
  id: row.id,
  name: row.name,
  tokenHint: row.tokenHint,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** The admin's own institution: credentials are issued for it and only it. */
function adminInstitutionId(actor: SessionUser): string {
  assertRole(actor, "integration.administer");
  if (!actor.institutionId) throw new ValidationError("record.integration.needInstitution");
  return actor.institutionId;
}

export async function listIntegrationCredentials(db: Db, actor: SessionUser): Promise<IntegrationCredentialView[]> {
  const institutionId = adminInstitutionId(actor);
  const rows = await db.integrationCredential.findMany({
    where: { institutionId },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
  return rows.map(view);
}

export async function issueIntegrationCredential(db: Db, actor: SessionUser, input: { name: string }): Promise<{ credential: IntegrationCredentialView; token: string }> {
  const institutionId = adminInstitutionId(actor);
  const name = input.name.trim();
  if (!name || name.length > 100) throw new ValidationError("errors.validation", [{ path: "name", message: "1 to 100 characters" }]);
  const { token, tokenHash, tokenHint } = issueBearerToken(TOKEN_PREFIX);
  const row = await db.integrationCredential.create({ data: { institutionId, name, tokenHash, tokenHint, createdById: actor.id } });
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "record.integration.issued", targetType: "integration_credential", targetId: row.id, details: { name } });
  return { credential: view(row), token };
}

export async function revokeIntegrationCredential(db: Db, actor: SessionUser, credentialId: string): Promise<IntegrationCredentialView> {
  const institutionId = adminInstitutionId(actor);
  // Another institution's credential answers as an unknown one.
  const row = await db.integrationCredential.findFirst({ where: { id: credentialId, institutionId } });
  if (!row) throw new NotFoundError(MISSING.integrationCredential);
  if (row.revokedAt) return view(row);
  const revoked = await db.integrationCredential.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "record.integration.revoked", targetType: "integration_credential", targetId: row.id, details: { name: row.name } });
  return view(revoked);
}

/** 401 for a missing, unknown or revoked integration token (the FHIR API answers it as an OperationOutcome). */
export class IntegrationUnauthenticatedError extends AppError {
  constructor() {
    super("UNAUTHENTICATED", "record.integration.unauthenticated", { publicCode: "INTEGRATION_UNAUTHENTICATED" });
  }
}

/** Does the request carry a bearer token (rather than a session cookie)? */
export function hasBearerToken(authorization: string | null | undefined): boolean {
  return /^Bearer\s/i.test(authorization ?? "");
}

/**
 * The institution system behind `Authorization: Bearer <token>`. Unknown and revoked tokens are
 * refused alike; last_used_at moves at most once a minute.
 */
export async function authenticateIntegration(db: Db, authorization: string | null | undefined, now: Date = new Date()): Promise<IntegrationActor> {
  const token = bearerTokenOf(authorization);
  if (!token) throw new IntegrationUnauthenticatedError();
  const row = await db.integrationCredential.findUnique({
    where: { tokenHash: hashBearerToken(token) },
    select: { id: true, institutionId: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) throw new IntegrationUnauthenticatedError();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    // Conditional, so two processes at the same moment write once.
    await db.integrationCredential.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { id: row.id, role: "INTEGRATION", institutionId: row.institutionId };
}

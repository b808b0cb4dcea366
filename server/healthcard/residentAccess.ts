/**
 * The access policy's resident rules applied to one record (server/access/policy.ts): reads
 * (resident.read) and writes (resident.update: merge, identifier links, identity verification)
 * of a resident the actor may not reach answer "not found", so another hospital's ids reveal nothing.
 */
import { NotFoundError } from "@/lib/errors";
import { assertAllowed, type Actor } from "@/server/access/policy";
import { residentRelations } from "@/server/access/relations";
import type { Db } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

type Reader = Parameters<typeof residentRelations>[0];

export async function assertResidentAccess(db: Reader | Db, actor: Actor, residentId: string, action: "resident.read" | "resident.update" | "resident.verify"): Promise<void> {
  const relations = await residentRelations(db, residentId);
  if (!relations) throw new NotFoundError(MISSING.resident);
  assertAllowed(actor, action, relations, MISSING.resident);
}

/**
 * The issuer codes an actor may link local identifiers under: their own institution's code and
 * those of the institutions it administers (its children in the hierarchy). Never free text.
 */
export async function issuersOf(db: Pick<Db, "institution">, actor: Actor): Promise<string[]> {
  if (!actor.institutionId) return [];
  const own = await db.institution.findUnique({ where: { id: actor.institutionId }, select: { code: true, children: { select: { code: true } } } });
  if (!own) return [];
  return actor.role === "INSTITUTION_ADMIN" ? [own.code, ...own.children.map((c) => c.code)] : [own.code];
}

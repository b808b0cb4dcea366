/**
 * The one door to a resident's shared record (server/access/policy.ts: record.read, fhir.read,
 * record.manage). Every reader (the record pages, the consultation's side panel, the FHIR API,
 * the resident's portal) asks `authorizeRecord`, which loads the relations at this moment
 * (consents and emergency accesses in force now), decides, and says which categories the actor
 * may see. A resident the actor may not reach answers "not found". `auditRecordAccess` writes the
 * read to the audit log under the resident, which "who read my record" groups per person and hour.
 */
import { NotFoundError } from "@/lib/errors";
import { allowingRule, assertAllowed, readableCategories, type Actor, type Rule } from "@/server/access/policy";
import { recordRelations } from "@/server/access/relations";
import { audit } from "@/server/audit";
import type { AuditAction } from "@/server/audit/actions";
import type { Db } from "@/server/db/client";
import type { RecordCategory } from "@/server/db/generated/enums";
import { MISSING } from "@/server/notFound";

export const RECORD_CATEGORIES: readonly RecordCategory[] = ["SUMMARY", "ENCOUNTER", "DOCUMENT", "REPORT", "IMAGE", "VITAL", "CONSULTATION"];

export interface RecordGrant {
  residentId: string;
  /** The categories the actor may read (all of them unless the only ground is a consent scoped to some). */
  categories: readonly RecordCategory[];
  /** The ground that allowed it, for the audit entry: ownInstitution, openCare, consent, emergencyAccess, self, guardian. */
  ground: Rule["ground"];
}

type RecordAction = "record.read" | "fhir.read" | "record.manage";

/** Decides one actor's access to one resident's record now; throws 404 RESIDENT_NOT_FOUND when denied. */
export async function authorizeRecord(db: Db, actor: Actor, residentId: string, action: RecordAction = "record.read", now: Date = new Date()): Promise<RecordGrant> {
  const relations = await recordRelations(db, residentId, now);
  if (!relations) throw new NotFoundError(MISSING.resident);
  assertAllowed(actor, action, relations, MISSING.resident);
  const rule = allowingRule(actor, action, relations);
  const readable = action === "record.manage" ? "ALL" : readableCategories(actor, action, relations);
  return {
    residentId,
    categories: readable === "ALL" ? RECORD_CATEGORIES : RECORD_CATEGORIES.filter((c) => readable.includes(c)),
    ground: rule!.ground,
  };
}

/** May the grant see entries of this category? */
export function grantCovers(grant: RecordGrant, category: RecordCategory): boolean {
  return grant.categories.includes(category);
}

export interface RecordAccessContext {
  ip?: string | null;
  requestId?: string | null;
}

/**
 * One audit entry per read or change of a resident's record (target: the resident), naming the
 * ground and what was read. `action` is `record.<verb>`, e.g. record.read, record.file.read,
 * record.fhir.read, record.ingested.
 */
export async function auditRecordAccess(
  db: Pick<Db, "auditLog">,
  actor: Actor,
  grant: Pick<RecordGrant, "residentId" | "ground">,
  action: Extract<AuditAction, `record.${string}`>,
  details: Record<string, unknown> = {},
  context: RecordAccessContext = {},
): Promise<void> {
  await audit(db, {
    actorId: actor.id,
    actorRole: actor.role,
    action,
    targetType: "resident",
    targetId: grant.residentId,
    ip: context.ip,
    requestId: context.requestId,
    details: { ground: grant.ground, ...details },
  });
}

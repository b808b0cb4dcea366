/**
 * The one check of every teaching operation on one session: load its relations now
 * (server/access/relations.ts) and ask the policy. Someone who may not even read the session hears
 * "not found" (another hospital's session does not exist for them); someone who may read it but
 * not do this hears 403.
 */
import { NotFoundError } from "@/lib/errors";
import { assertAllowed, isAllowed, type Action, type Actor, type Relations } from "@/server/access/policy";
import { teachingRelations } from "@/server/access/relations";
import type { DbOrTx } from "@/server/consultation/tx";
import { MISSING } from "@/server/notFound";

export async function authorizeTeaching(db: DbOrTx, actor: Actor, sessionId: string, action: Action): Promise<Relations> {
  const relations = await teachingRelations(db, sessionId);
  if (!relations) throw new NotFoundError(MISSING.teachingSession);
  assertAllowed(actor, action, relations, isAllowed(actor, "teaching.read", relations) ? undefined : MISSING.teachingSession);
  return relations;
}

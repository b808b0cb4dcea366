/**
 * Who may see one consultation: the access policy's consultation.read (server/access/policy.ts).
 * Unknown and forbidden look the same (404) to the caller.
 */
import { NotFoundError } from "@/lib/errors";
import { assertAllowed, type Action, type Actor } from "@/server/access/policy";
import { consultationRelations, withSpecialty, type ConsultationFacts } from "@/server/access/relations";
import type { Db } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

/** The consultation, or 404 unless the actor may take `action` on it (default: read it). */
export async function accessibleConsultation<T extends ConsultationFacts>(db: Db, actor: Actor, consultation: T | null, action: Action = "consultation.read"): Promise<T> {
  if (!consultation) throw new NotFoundError(MISSING.consultation);
  assertAllowed(await withSpecialty(db, actor), action, consultationRelations(consultation), MISSING.consultation);
  return consultation;
}

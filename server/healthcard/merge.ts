/**
 * Merging two records of the same person: the second ("from") is absorbed by the first
 * ("into"). Its identifiers move, its card is revoked, its portal account moves if the survivor
 * has none, and it keeps pointing at the survivor (mergedIntoId), so every lookup of the old
 * record, document or card lands on the survivor. A ResidentMerge row and the audit trail say
 * who merged what, when and why.
 */
import { ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import { authorize } from "@/server/auth/authorize";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import { HealthCardError } from "./errors";

export const MERGE_ROLES: readonly Role[] = ["COUNTY_DOCTOR", "INSTITUTION_ADMIN", "PLATFORM_ADMIN"];

export interface MergeInput {
  intoResidentId: string;
  fromResidentId: string;
  reason: string;
}

export async function mergeResidents(db: Db, actor: SessionUser, input: MergeInput): Promise<{ mergeId: string }> {
  authorize(actor, MERGE_ROLES);
  const reason = input.reason.trim();
  if (reason.length < 4 || reason.length > 500) throw new ValidationError("healthCard.merge.reasonRequired", { field: "reason" });
  if (input.intoResidentId === input.fromResidentId) throw new HealthCardError("MERGE_INVALID", "healthCard.merge.sameRecord");

  return db.$transaction(async (tx) => {
    // Lock both rows in a fixed order so two concurrent merges cannot cross.
    const ids = [input.intoResidentId, input.fromResidentId].sort();
    const locked = await tx.$queryRaw<{ id: string; merged_into_id: string | null; user_id: string | null }[]>`
      SELECT id::text, merged_into_id::text, user_id::text FROM resident WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
    const into = locked.find((r) => r.id === input.intoResidentId);
    const from = locked.find((r) => r.id === input.fromResidentId);
    if (!into || !from) throw new HealthCardError("RESIDENT_NOT_FOUND", "healthCard.resident.notFound");
    if (into.merged_into_id || from.merged_into_id) throw new HealthCardError("MERGE_INVALID", "healthCard.merge.alreadyMerged");
    if (into.user_id && from.user_id) throw new HealthCardError("MERGE_INVALID", "healthCard.merge.twoAccounts");

    const identifiers = await tx.residentIdentifier.findMany({ where: { residentId: from.id }, select: { id: true } });
    await tx.residentIdentifier.updateMany({ where: { residentId: from.id }, data: { residentId: into.id } });
    const fromCard = await tx.healthCard.findUnique({ where: { residentId: from.id }, select: { cardId: true } });
    if (fromCard) await tx.healthCard.update({ where: { residentId: from.id }, data: { status: "REVOKED" } });
    await tx.resident.update({ where: { id: from.id }, data: { mergedIntoId: into.id, mergedAt: new Date(), userId: null } });
    if (from.user_id && !into.user_id) await tx.resident.update({ where: { id: into.id }, data: { userId: from.user_id } });

    const details = { movedIdentifierIds: identifiers.map((i) => i.id), retiredCardId: fromCard?.cardId ?? null, movedAccount: Boolean(from.user_id && !into.user_id) };
    const merge = await tx.residentMerge.create({ data: { fromResidentId: from.id, intoResidentId: into.id, reason, mergedById: actor.id, details } });
    await audit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "ehc.resident.merged",
      targetType: "resident",
      targetId: into.id,
      details: { mergeId: merge.id, fromResidentId: from.id, identifiersMoved: identifiers.length },
    });
    return { mergeId: merge.id };
  });
}

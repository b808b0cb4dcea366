/**
 * Undoing a merge (merge.ts): the duplicate becomes a record of its own again, with exactly the
 * identifiers, consultations and follow-up advice the merge moved (resident_merge_move), its card
 * back in the status it had, and its portal account if the merge moved it. The merge row stays,
 * marked undone with who, when and why, so the record's history shows both steps; both are audited.
 *
 * Allowed to an institution admin of the survivor's institution (resident.unmerge). Refused when
 * the merge was already undone, or when the survivor was itself merged away since (undo that first).
 */
import { NotFoundError } from "@/lib/errors";
import { assertAllowed, assertRole } from "@/server/access/policy";
import { residentRelations } from "@/server/access/relations";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { MergeMovedKind } from "@/server/db/generated/enums";
import { MISSING } from "@/server/notFound";
import { HealthCardError } from "./errors";
import { statedReason } from "./mergeRules";

export interface UnmergeInput {
  mergeId: string;
  reason: string;
}

export interface UnmergeResult {
  mergeId: string;
  intoResidentId: string;
  fromResidentId: string;
  /** Rows moved back, by kind. */
  restored: Record<MergeMovedKind, number>;
  /** Moved rows no longer on the survivor (moved on since): left where they are. */
  notRestored: number;
  cardRestored: boolean;
  accountRestored: boolean;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Moves the logged rows of one kind back to the duplicate, only those still on the survivor. */
async function moveBack(tx: Tx, kind: MergeMovedKind, rowIds: string[], intoId: string, fromId: string): Promise<number> {
  if (rowIds.length === 0) return 0;
  const where = { id: { in: rowIds }, residentId: intoId };
  const data = { residentId: fromId };
  if (kind === "IDENTIFIER") return (await tx.residentIdentifier.updateMany({ where, data })).count;
  if (kind === "CONSULTATION") return (await tx.consultation.updateMany({ where, data })).count;
  return (await tx.followUpAdvice.updateMany({ where, data })).count;
}

export async function unmergeResidents(db: Db, actor: SessionUser, input: UnmergeInput): Promise<UnmergeResult> {
  assertRole(actor, "resident.unmerge");
  const reason = statedReason(input.reason, "reason", "healthCard.unmerge.reasonRequired");
  const found = await db.residentMerge.findUnique({ where: { id: input.mergeId }, select: { intoResidentId: true } });
  if (!found) throw new NotFoundError(MISSING.residentMerge);
  const relations = await residentRelations(db, found.intoResidentId);
  if (!relations) throw new NotFoundError(MISSING.residentMerge);
  assertAllowed(actor, "resident.unmerge", relations, MISSING.residentMerge);

  return db.$transaction(async (tx) => {
    const merge = await tx.residentMerge.findUniqueOrThrow({ where: { id: input.mergeId }, include: { moves: true } });
    const ids = [merge.intoResidentId, merge.fromResidentId].sort();
    const locked = await tx.$queryRaw<{ id: string; merged_into_id: string | null; user_id: string | null }[]>`
      SELECT id::text, merged_into_id::text, user_id::text FROM resident WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
    const [lockedMerge] = await tx.$queryRaw<{ undone_at: Date | null }[]>`SELECT undone_at FROM resident_merge WHERE id = ${merge.id}::uuid FOR UPDATE`;
    const into = locked.find((r) => r.id === merge.intoResidentId);
    const from = locked.find((r) => r.id === merge.fromResidentId);
    if (!into || !from) throw new NotFoundError(MISSING.residentMerge);
    if (lockedMerge?.undone_at || from.merged_into_id !== into.id) throw new HealthCardError("MERGE_INVALID", "healthCard.unmerge.alreadyUndone");
    if (into.merged_into_id) throw new HealthCardError("MERGE_INVALID", "healthCard.unmerge.survivorMerged");

    const restored: Record<MergeMovedKind, number> = { IDENTIFIER: 0, CONSULTATION: 0, FOLLOW_UP_ADVICE: 0 };
    for (const kind of Object.keys(restored) as MergeMovedKind[]) {
      restored[kind] = await moveBack(tx, kind, merge.moves.filter((m) => m.kind === kind).map((m) => m.rowId), into.id, from.id);
    }
    const notRestored = merge.moves.length - Object.values(restored).reduce((a, b) => a + b, 0);

    // The card the merge revoked comes back as it was (a card revoked for another reason since stays so).
    const cardRestored =
      merge.fromCardStatus !== null &&
      (await tx.healthCard.updateMany({ where: { residentId: from.id, status: "REVOKED" }, data: { status: merge.fromCardStatus } })).count > 0;
    const accountRestored = merge.movedUserId !== null && into.user_id === merge.movedUserId;
    if (accountRestored) await tx.resident.update({ where: { id: into.id }, data: { userId: null } });
    await tx.resident.update({ where: { id: from.id }, data: { mergedIntoId: null, mergedAt: null, ...(accountRestored ? { userId: merge.movedUserId } : {}) } });
    await tx.residentMerge.update({ where: { id: merge.id }, data: { undoneAt: new Date(), undoneById: actor.id, undoReason: reason } });

    const result: UnmergeResult = { mergeId: merge.id, intoResidentId: into.id, fromResidentId: from.id, restored, notRestored, cardRestored, accountRestored };
    await audit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "ehc.resident.unmerged",
      targetType: "resident",
      targetId: into.id,
      details: { mergeId: merge.id, fromResidentId: from.id, reason, restored, notRestored, cardRestored, accountRestored },
    });
    return result;
  });
}

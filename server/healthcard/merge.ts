/**
 * Merging two records of the same person: the second ("from") is absorbed by the first
 * ("into"). Its identifiers, consultations and follow-up advice move, its card is revoked, its
 * portal account moves if the survivor has none, and it keeps pointing at the survivor
 * (mergedIntoId), so every lookup of the old record, document or card lands on the survivor. A
 * ResidentMerge row and the audit trail say who merged what, when and why; each moved row is
 * logged (resident_merge_move) so an unmerge (unmerge.ts) puts exactly those rows back.
 *
 * Records whose identities disagree (same document type with another number, another sex or
 * birth date) may be two people: the merge is refused (409, naming the fields) unless an
 * institution admin overrides it with a second, stated reason (resident.merge.override), which
 * the merge row and the audit entry keep. `previewMerge` shows both records, the conflicting
 * fields and what would move, refusing exactly what the merge itself would refuse.
 */
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import { assertAllowed, assertRole } from "@/server/access/policy";
import { residentRelations } from "@/server/access/relations";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { IdentifierKind } from "@/server/db/generated/enums";
import { HealthCardError } from "./errors";
import { readStoredResidents, type ResidentSummary } from "./lookup";
import { conflictMessageKey, identityConflicts, isoDay, statedReason, type IdentityField } from "./mergeRules";
import { MISSING } from "@/server/notFound";


export interface MergeInput {
  intoResidentId: string;
  fromResidentId: string;
  reason: string;
  /** An institution admin's second, stated reason for merging records whose identities disagree. */
  overrideReason?: string | null;
}

/** 409 naming each identity field on which the two records disagree; `details.conflicts` lists them. */
export class MergeConflictError extends ConflictError {
  constructor(readonly conflicts: IdentityField[]) {
    super(conflictMessageKey(conflicts), { conflicts }, "MERGE_IDENTITY_CONFLICT");
  }
}

interface MergeParty {
  mergedIntoId: string | null;
  hasAccount: boolean;
}

function checkDistinct(input: { intoResidentId: string; fromResidentId: string }): void {
  if (input.intoResidentId === input.fromResidentId) throw new HealthCardError("MERGE_INVALID", "healthCard.merge.sameRecord");
}

/** The rules of a merge, shared by the preview and the merge so both refuse the same things. */
function checkMergeable<T>(into: T | undefined, from: T | undefined, party: (row: T) => MergeParty): [T, T] {
  if (!into || !from) throw new NotFoundError(MISSING.resident);
  const [a, b] = [party(into), party(from)];
  if (a.mergedIntoId || b.mergedIntoId) throw new HealthCardError("MERGE_INVALID", "healthCard.merge.alreadyMerged");
  if (a.hasAccount && b.hasAccount) throw new HealthCardError("MERGE_INVALID", "healthCard.merge.twoAccounts");
  return [into, from];
}

export interface MergePreviewSide {
  resident: ResidentSummary;
  identifiers: { id: string; kind: IdentifierKind; issuer: string; issuerName: { name: string; nameEn: string | null } | null; value: string }[];
  consultations: number;
  followUpAdvice: number;
}

export interface MergePreview {
  /** The record that is kept. */
  into: MergePreviewSide;
  /** The duplicate that is merged in and retired. */
  from: MergePreviewSide;
  /** Identity fields that differ: the merge needs an institution admin's override. */
  conflicts: IdentityField[];
  /** Whether the actor may override those conflicts (resident.merge.override on both records). */
  canOverride: boolean;
  effect: { identifiersMoved: number; consultationsMoved: number; adviceMoved: number; accountMoved: boolean; retiredCardIdMasked: string | null };
}

async function previewSide(db: Db, resident: ResidentSummary): Promise<MergePreviewSide> {
  const [identifiers, consultations, followUpAdvice] = await Promise.all([
    db.residentIdentifier.findMany({ where: { residentId: resident.id }, orderBy: { createdAt: "asc" }, select: { id: true, kind: true, issuer: true, value: true } }),
    db.consultation.count({ where: { residentId: resident.id } }),
    db.followUpAdvice.count({ where: { residentId: resident.id } }),
  ]);
  const issuers = [...new Set(identifiers.map((i) => i.issuer))];
  const institutions = issuers.length ? await db.institution.findMany({ where: { code: { in: issuers } }, select: { code: true, name: true, nameEn: true } }) : [];
  const byCode = new Map(institutions.map((i) => [i.code, { name: i.name, nameEn: i.nameEn }]));
  return { resident, identifiers: identifiers.map((i) => ({ ...i, issuerName: byCode.get(i.issuer) ?? null })), consultations, followUpAdvice };
}

/**
 * Both records must belong to the actor's institution (resident.update): a merge retires one
 * person's card. Answers whether the actor may also override identity conflicts on both.
 */
async function assertMergeAccess(db: Db, actor: SessionUser, input: { intoResidentId: string; fromResidentId: string }): Promise<{ canOverride: boolean }> {
  let canOverride = true;
  for (const id of [input.intoResidentId, input.fromResidentId]) {
    const relations = await residentRelations(db, id);
    if (!relations) throw new NotFoundError(MISSING.resident);
    assertAllowed(actor, "resident.update", relations, MISSING.resident);
    try {
      assertAllowed(actor, "resident.merge.override", relations);
    } catch {
      canOverride = false;
    }
  }
  return { canOverride };
}

/** Both records side by side and what merging `from` into `into` would do; changes nothing. */
export async function previewMerge(db: Db, actor: SessionUser, input: { intoResidentId: string; fromResidentId: string }): Promise<MergePreview> {
  assertRole(actor, "resident.update");
  checkDistinct(input);
  const { canOverride } = await assertMergeAccess(db, actor, input);
  const stored = await readStoredResidents(db, [input.intoResidentId, input.fromResidentId]);
  const [into, from] = checkMergeable(
    stored.find((r) => r.summary.id === input.intoResidentId),
    stored.find((r) => r.summary.id === input.fromResidentId),
    (r) => ({ mergedIntoId: r.mergedIntoId, hasAccount: r.summary.hasPortalAccount }),
  );
  const conflicts = identityConflicts(into.identity, from.identity);
  const [intoSide, fromSide] = await Promise.all([previewSide(db, into.summary), previewSide(db, from.summary)]);
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "ehc.resident.mergePreviewed", targetType: "resident", targetId: into.summary.id, details: { fromResidentId: from.summary.id, conflicts } });
  return {
    into: intoSide,
    from: fromSide,
    conflicts,
    canOverride,
    effect: {
      identifiersMoved: fromSide.identifiers.length,
      consultationsMoved: fromSide.consultations,
      adviceMoved: fromSide.followUpAdvice,
      accountMoved: from.summary.hasPortalAccount && !into.summary.hasPortalAccount,
      retiredCardIdMasked: from.summary.cardIdMasked,
    },
  };
}

export async function mergeResidents(db: Db, actor: SessionUser, input: MergeInput): Promise<{ mergeId: string; intoResidentId: string; conflicts: IdentityField[] }> {
  assertRole(actor, "resident.update");
  const reason = statedReason(input.reason, "reason", "healthCard.merge.reasonRequired");
  checkDistinct(input);
  const { canOverride } = await assertMergeAccess(db, actor, input);

  return db.$transaction(async (tx) => {
    // Lock both rows in a fixed order so two concurrent merges cannot cross.
    const ids = [input.intoResidentId, input.fromResidentId].sort();
    const locked = await tx.$queryRaw<{ id: string; merged_into_id: string | null; user_id: string | null; doc_type: string | null; doc_index: string | null; sex: "MALE" | "FEMALE" | "UNKNOWN"; birth_date: Date | null }[]>`
      SELECT id::text, merged_into_id::text, user_id::text, doc_type, doc_index, sex::text AS sex, birth_date FROM resident WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
    const [into, from] = checkMergeable(
      locked.find((r) => r.id === input.intoResidentId),
      locked.find((r) => r.id === input.fromResidentId),
      (r) => ({ mergedIntoId: r.merged_into_id, hasAccount: r.user_id !== null }),
    );
    const identity = (r: typeof into) => ({ docType: r.doc_type, docIndex: r.doc_index, sex: r.sex, birthDate: isoDay(r.birth_date) });
    const conflicts = identityConflicts(identity(into), identity(from));
    const overrideReason = conflicts.length > 0 ? overrideOf(input, reason, conflicts, canOverride) : null;

    const [identifiers, consultations, advice] = await Promise.all([
      tx.residentIdentifier.findMany({ where: { residentId: from.id }, select: { id: true } }),
      tx.consultation.findMany({ where: { residentId: from.id }, select: { id: true } }),
      tx.followUpAdvice.findMany({ where: { residentId: from.id }, select: { id: true } }),
    ]);
    await tx.residentIdentifier.updateMany({ where: { residentId: from.id }, data: { residentId: into.id } });
    // The survivor carries the person's clinical history too, so the portal account (which
    // follows the survivor) still sees the advice written for the duplicate.
    await tx.consultation.updateMany({ where: { residentId: from.id }, data: { residentId: into.id } });
    await tx.followUpAdvice.updateMany({ where: { residentId: from.id }, data: { residentId: into.id } });
    const fromCard = await tx.healthCard.findUnique({ where: { residentId: from.id }, select: { cardId: true, status: true } });
    if (fromCard) await tx.healthCard.update({ where: { residentId: from.id }, data: { status: "REVOKED" } });
    await tx.resident.update({ where: { id: from.id }, data: { mergedIntoId: into.id, mergedAt: new Date(), userId: null } });
    const movedAccount = Boolean(from.user_id && !into.user_id);
    if (movedAccount) await tx.resident.update({ where: { id: into.id }, data: { userId: from.user_id } });

    const details = {
      movedIdentifierIds: identifiers.map((i) => i.id),
      movedConsultationIds: consultations.map((c) => c.id),
      movedAdviceIds: advice.map((a) => a.id),
      retiredCardId: fromCard?.cardId ?? null,
      movedAccount,
    };
    const merge = await tx.residentMerge.create({
      data: {
        fromResidentId: from.id,
        intoResidentId: into.id,
        reason,
        mergedById: actor.id,
        details,
        conflicts,
        overrideReason,
        fromCardStatus: fromCard?.status ?? null,
        movedUserId: movedAccount ? from.user_id : null,
      },
    });
    const moves = [
      ...identifiers.map((r) => ({ mergeId: merge.id, kind: "IDENTIFIER" as const, rowId: r.id })),
      ...consultations.map((r) => ({ mergeId: merge.id, kind: "CONSULTATION" as const, rowId: r.id })),
      ...advice.map((r) => ({ mergeId: merge.id, kind: "FOLLOW_UP_ADVICE" as const, rowId: r.id })),
    ];
    if (moves.length > 0) await tx.residentMergeMove.createMany({ data: moves });
    await audit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "ehc.resident.merged",
      targetType: "resident",
      targetId: into.id,
      details: {
        mergeId: merge.id,
        fromResidentId: from.id,
        identifiersMoved: identifiers.length,
        consultationsMoved: consultations.length,
        adviceMoved: advice.length,
        ...(overrideReason ? { conflicts, overridden: true } : {}),
      },
    });
    // The override is an act of its own: searchable in the audit log, with the reason given.
    if (overrideReason) {
      await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "ehc.resident.mergeOverridden", targetType: "resident", targetId: into.id, details: { mergeId: merge.id, fromResidentId: from.id, conflicts, overrideReason } });
    }
    return { mergeId: merge.id, intoResidentId: into.id, conflicts };
  });
}

/**
 * Identity conflicts merge only by an override: an institution admin of both records' institution
 * (resident.merge.override) with a second reason of its own. Otherwise 409 naming the fields.
 */
function overrideOf(input: MergeInput, reason: string, conflicts: IdentityField[], canOverride: boolean): string {
  if (!input.overrideReason?.trim()) throw new MergeConflictError(conflicts);
  if (!canOverride) throw new ForbiddenError("healthCard.merge.overrideForbidden");
  const overrideReason = statedReason(input.overrideReason, "overrideReason", "healthCard.merge.overrideReasonRequired");
  if (overrideReason === reason) throw new ValidationError("healthCard.merge.overrideReasonSame", { field: "overrideReason" });
  return overrideReason;
}

/** One resident for the staff detail page: summary, linked identifiers, merge history. */
import { assertRole, isAllowed } from "@/server/access/policy";
import type { SessionUser } from "@/server/auth/signIn";
import { audit } from "@/server/audit";
import type { Db } from "@/server/db/client";
import type { IdentifierKind } from "@/server/db/generated/enums";
import { readResident, type ResidentSummary } from "./lookup";

export interface ResidentDetail {
  resident: ResidentSummary;
  identifiers: { id: string; kind: IdentifierKind; issuer: string; value: string; createdAt: string }[];
  /** Merges into and out of this record, newest first; an undone merge stays, marked undone. */
  merges: MergeHistoryItem[];
  /** What the actor may do with this record, by the access policy: the page shows only those controls. */
  can: { update: boolean; verify: boolean; unmerge: boolean };
}

export interface MergeHistoryItem {
  id: string;
  fromResidentId: string;
  fromName: string;
  intoResidentId: string;
  intoName: string;
  reason: string;
  at: string;
  mergedBy: string | null;
  conflicts: string[];
  overrideReason: string | null;
  undone: { at: string; by: string | null; reason: string | null } | null;
}

export async function getResidentDetail(db: Db, actor: SessionUser, residentId: string): Promise<ResidentDetail> {
  assertRole(actor, "resident.browse");
  const { summary: resident, relations } = await readResident(db, actor, residentId);
  const [identifiers, merges] = await Promise.all([
    db.residentIdentifier.findMany({ where: { residentId: resident.id }, orderBy: { createdAt: "asc" } }),
    db.residentMerge.findMany({
      where: { OR: [{ intoResidentId: resident.id }, { fromResidentId: resident.id }] },
      orderBy: { at: "desc" },
      include: { fromResident: { select: { name: true } }, intoResident: { select: { name: true } } },
    }),
  ]);
  const people = [...new Set(merges.flatMap((m) => [m.mergedById, ...(m.undoneById ? [m.undoneById] : [])]))];
  const names = new Map((people.length ? await db.user.findMany({ where: { id: { in: people } }, select: { id: true, displayName: true } }) : []).map((u) => [u.id, u.displayName]));
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "ehc.resident.viewed", targetType: "resident", targetId: resident.id });
  return {
    resident,
    identifiers: identifiers.map((i) => ({ id: i.id, kind: i.kind, issuer: i.issuer, value: i.value, createdAt: i.createdAt.toISOString() })),
    can: { update: isAllowed(actor, "resident.update", relations), verify: isAllowed(actor, "resident.verify", relations), unmerge: isAllowed(actor, "resident.unmerge", relations) },
    merges: merges.map((m) => ({
      id: m.id,
      fromResidentId: m.fromResidentId,
      fromName: m.fromResident.name,
      intoResidentId: m.intoResidentId,
      intoName: m.intoResident.name,
      reason: m.reason,
      at: m.at.toISOString(),
      mergedBy: names.get(m.mergedById) ?? null,
      conflicts: m.conflicts,
      overrideReason: m.overrideReason,
      undone: m.undoneAt ? { at: m.undoneAt.toISOString(), by: m.undoneById ? (names.get(m.undoneById) ?? null) : null, reason: m.undoReason } : null,
    })),
  };
}

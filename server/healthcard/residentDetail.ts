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
  merges: { id: string; fromResidentId: string; fromName: string; intoResidentId: string; reason: string; at: string }[];
  /** What the actor may do with this record, by the access policy: the page shows only those controls. */
  can: { update: boolean; verify: boolean };
}

export async function getResidentDetail(db: Db, actor: SessionUser, residentId: string): Promise<ResidentDetail> {
  assertRole(actor, "resident.browse");
  const { summary: resident, relations } = await readResident(db, actor, residentId);
  const [identifiers, merges] = await Promise.all([
    db.residentIdentifier.findMany({ where: { residentId: resident.id }, orderBy: { createdAt: "asc" } }),
    db.residentMerge.findMany({ where: { OR: [{ intoResidentId: resident.id }, { fromResidentId: resident.id }] }, orderBy: { at: "desc" }, include: { fromResident: { select: { name: true } } } }),
  ]);
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "ehc.resident.viewed", targetType: "resident", targetId: resident.id });
  return {
    resident,
    identifiers: identifiers.map((i) => ({ id: i.id, kind: i.kind, issuer: i.issuer, value: i.value, createdAt: i.createdAt.toISOString() })),
    can: { update: isAllowed(actor, "resident.update", relations), verify: isAllowed(actor, "resident.verify", relations) },
    merges: merges.map((m) => ({ id: m.id, fromResidentId: m.fromResidentId, fromName: m.fromResident.name, intoResidentId: m.intoResidentId, reason: m.reason, at: m.at.toISOString() })),
  };
}

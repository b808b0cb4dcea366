/**
 * Family members who manage a resident's card and record (代管家人): a parent for a child, a
 * grown child for an elderly parent. Staff make the link at the window after checking the
 * documents (family.link, at the managed resident's institution); a parent may also register their
 * child online, which links them at once. Every link records the relationship and who made it,
 * is audited, and can be ended (by staff, the family member or the resident). The policy's
 * `guardian` ground then lets the family member read and manage the record in the portal.
 */
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { assertAllowed, assertRole, isAllowed, type Actor } from "@/server/access/policy";
import { recordRelations, residentRelations } from "@/server/access/relations";
import type { SessionUser } from "@/server/auth/signIn";
import { audit } from "@/server/audit";
import type { Db } from "@/server/db/client";
import type { FamilyRelationship } from "@/server/db/generated/enums";
import { HealthCardError } from "@/server/healthcard/errors";
import type { HealthCardKeys } from "@/server/healthcard/keyStore";
import { qrCodesOfCard, type OwnQrCodes } from "@/server/healthcard/patientCard";
import { preparePerson } from "@/server/healthcard/person";
import { createOrFindTx, isUniqueViolation } from "@/server/healthcard/residents";
import { createNotifications, publishNotifications } from "@/server/notifications/notify";
import { MISSING } from "@/server/notFound";
import { authorizeRecord } from "./access";

export const FAMILY_RELATIONSHIPS = ["PARENT", "CHILD", "SPOUSE", "GUARDIAN"] as const satisfies readonly FamilyRelationship[];

/** A child registered online by a parent: under this age on the day (older people come to the window with their documents). */
export const ONLINE_CHILD_MAX_AGE = 18;

export const linkSchema = z.object({
  guardianUsername: z.string().trim().min(1).max(64),
  relationship: z.enum(FAMILY_RELATIONSHIPS),
});

export const childRegistrationSchema = z.object({
  docType: z.string().max(2),
  docNumber: z.string().max(40),
  name: z.string().max(60),
  sex: z.enum(["male", "female"]).optional().nullable(),
  birthDate: z.string().max(10).optional().nullable(),
});

export interface ManagedRecord {
  residentId: string;
  name: string;
  /** The actor's own record, or a family member's with the relationship. */
  self: boolean;
  relationship: FamilyRelationship | null;
}

/** The records a patient account manages: their own (if they have one), then their family members'. */
export async function managedRecords(db: Db, actor: Actor): Promise<ManagedRecord[]> {
  assertRole(actor, "record.mine");
  const [own, links] = await Promise.all([
    db.resident.findUnique({ where: { userId: actor.id }, select: { id: true, name: true } }),
    db.familyLink.findMany({ where: { guardianUserId: actor.id, endedAt: null }, orderBy: { createdAt: "asc" }, select: { relationship: true, resident: { select: { id: true, name: true } } } }),
  ]);
  const records: ManagedRecord[] = own ? [{ residentId: own.id, name: own.name, self: true, relationship: null }] : [];
  for (const link of links) {
    if (records.some((r) => r.residentId === link.resident.id)) continue;
    records.push({ residentId: link.resident.id, name: link.resident.name, self: false, relationship: link.relationship });
  }
  return records;
}

/**
 * The record a portal page is about: `requested` (a family member's, from ?for=) when the actor
 * manages it, else the actor's own; null when they have neither. Another resident's id is "not found".
 */
export async function resolveManagedRecord(db: Db, actor: Actor, requested?: string | null): Promise<{ current: ManagedRecord | null; all: ManagedRecord[] }> {
  const all = await managedRecords(db, actor);
  if (!requested) return { current: all.find((r) => r.self) ?? all[0] ?? null, all };
  const current = all.find((r) => r.residentId === requested);
  if (!current) throw new NotFoundError(MISSING.resident);
  return { current, all };
}

export interface FamilyLinkView {
  id: string;
  residentId: string;
  guardian: { id: string; name: string; username: string };
  relationship: FamilyRelationship;
  createdAt: Date;
  establishedBy: string | null;
}

/** The links in force of one resident: for staff who may link (family.link) and for the resident and their family (record.manage). */
export async function familyLinksOf(db: Db, actor: Actor, residentId: string): Promise<FamilyLinkView[]> {
  const relations = await recordRelations(db, residentId);
  if (!relations) throw new NotFoundError(MISSING.resident);
  if (!isAllowed(actor, "family.link", relations)) assertAllowed(actor, "record.manage", relations, MISSING.resident);
  const rows = await db.familyLink.findMany({ where: { residentId, endedAt: null }, orderBy: { createdAt: "asc" } });
  const ids = [...new Set(rows.flatMap((r) => [r.guardianUserId, r.establishedById]))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true, username: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((row) => ({
    id: row.id,
    residentId: row.residentId,
    guardian: { id: row.guardianUserId, name: byId.get(row.guardianUserId)?.displayName ?? "", username: byId.get(row.guardianUserId)?.username ?? "" },
    relationship: row.relationship,
    createdAt: row.createdAt,
    establishedBy: byId.get(row.establishedById)?.displayName ?? null,
  }));
}

/** Staff at the window link a family member's portal account to the resident after checking the documents. */
export async function linkFamilyMember(db: Db, actor: SessionUser, residentId: string, input: z.infer<typeof linkSchema>, requestId?: string) {
  assertRole(actor, "family.link");
  const relations = await residentRelations(db, residentId);
  if (!relations) throw new NotFoundError(MISSING.resident);
  assertAllowed(actor, "family.link", relations, MISSING.resident);
  const guardian = await db.user.findUnique({ where: { username: input.guardianUsername }, select: { id: true, role: true, disabled: true } });
  if (!guardian || guardian.disabled || guardian.role !== "PATIENT") throw new ValidationError("record.family.noSuchAccount", [{ path: "guardianUsername", message: "no such patient account" }]);
  if (guardian.id === relations.subjectUserId) throw new ValidationError("record.family.selfLink", [{ path: "guardianUsername", message: "the resident's own account" }]);
  const existing = await db.familyLink.findFirst({ where: { residentId, guardianUserId: guardian.id, endedAt: null }, select: { id: true } });
  if (existing) throw new ConflictError("record.family.alreadyLinked", undefined, "ALREADY_LINKED");
  const { link, notifications } = await db.$transaction(async (tx) => {
    const link = await tx.familyLink.create({ data: { guardianUserId: guardian.id, residentId, relationship: input.relationship, establishedById: actor.id } });
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "family.linked", targetType: "resident", targetId: residentId, requestId, details: { familyLinkId: link.id, guardianUserId: guardian.id, relationship: input.relationship, by: "window" } });
    const notifications = await createNotifications(tx, [{ userId: guardian.id, kind: "record.familyLinked", params: {}, link: "/my-record" }]);
    return { link, notifications };
  });
  publishNotifications(notifications);
  return link;
}

/** Ends a link: staff who may link, the family member themselves, or the resident. */
export async function endFamilyLink(db: Db, actor: Actor, linkId: string, requestId?: string) {
  const link = await db.familyLink.findUnique({ where: { id: linkId }, select: { id: true, residentId: true, guardianUserId: true, endedAt: true } });
  if (!link) throw new NotFoundError(MISSING.familyLink);
  const relations = await recordRelations(db, link.residentId);
  if (!relations) throw new NotFoundError(MISSING.familyLink);
  if (!isAllowed(actor, "family.link", relations) && !isAllowed(actor, "record.manage", relations)) throw new NotFoundError(MISSING.familyLink);
  if (link.endedAt) return db.familyLink.findUniqueOrThrow({ where: { id: linkId } });
  await db.$transaction(async (tx) => {
    const { count } = await tx.familyLink.updateMany({ where: { id: linkId, endedAt: null }, data: { endedAt: new Date(), endedById: actor.id } });
    if (count === 1) await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "family.ended", targetType: "resident", targetId: link.residentId, requestId, details: { familyLinkId: linkId, guardianUserId: link.guardianUserId } });
  });
  return db.familyLink.findUniqueOrThrow({ where: { id: linkId } });
}

function ageOn(birthDate: Date, now: Date): number {
  let age = now.getUTCFullYear() - birthDate.getUTCFullYear();
  if (now.getUTCMonth() < birthDate.getUTCMonth() || (now.getUTCMonth() === birthDate.getUTCMonth() && now.getUTCDate() < birthDate.getUTCDate())) age--;
  return age;
}

/**
 * A parent registers their child online: the child gets a card without an account of their own,
 * linked to the parent (relationship PARENT). A document that already has a card needs the window.
 */
export async function registerChildOnline(db: Db, actor: SessionUser, keys: HealthCardKeys, input: z.infer<typeof childRegistrationSchema>, requestId?: string, now: Date = new Date()) {
  assertRole(actor, "record.mine");
  const person = preparePerson(input, keys, now);
  if (!person.birthDate || ageOn(person.birthDate, now) >= ONLINE_CHILD_MAX_AGE) throw new ValidationError("record.family.childOnly", [{ path: "docNumber", message: "not a minor" }], { age: ONLINE_CHILD_MAX_AGE });
  try {
    return await db.$transaction(async (tx) => {
      const outcome = await createOrFindTx(tx, keys, person, { channel: "ONLINE", institutionId: null, actorId: actor.id, verified: false, userId: null });
      if (outcome.existing) throw new HealthCardError("DOCUMENT_TAKEN", "record.family.documentHasCard");
      const link = await tx.familyLink.create({ data: { guardianUserId: actor.id, residentId: outcome.resident.id, relationship: "PARENT", establishedById: actor.id } });
      await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "ehc.online.issued", targetType: "resident", targetId: outcome.resident.id, requestId, details: { forFamilyMember: true } });
      await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "family.linked", targetType: "resident", targetId: outcome.resident.id, requestId, details: { familyLinkId: link.id, guardianUserId: actor.id, relationship: "PARENT", by: "online" } });
      return { residentId: outcome.resident.id, familyLinkId: link.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new HealthCardError("DOCUMENT_TAKEN", "record.family.documentHasCard");
    throw error;
  }
}

/** A family member's card codes, for the family member who manages the record. */
export async function managedQrCodes(db: Db, actor: Actor, residentId: string, keys: HealthCardKeys): Promise<OwnQrCodes> {
  await authorizeRecord(db, actor, residentId, "record.manage");
  return qrCodesOfCard(db, await db.healthCard.findUnique({ where: { residentId }, select: { cardId: true, status: true } }), keys);
}

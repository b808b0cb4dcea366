/**
 * The resident's consents (授权): access to their shared record granted to a clinician or an
 * institution, the whole record or some categories, until a date at most a year away, for a
 * stated purpose. The policy reads the consents in force at every check (recordRelations), so a
 * revocation takes effect on the very next request. Granting and revoking are record.manage: the
 * resident, or a family member who manages the record.
 */
import { z } from "zod";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { displayText } from "@/lib/validation";
import { CLINICAL_ROLES, type Actor } from "@/server/access/policy";
import { audit } from "@/server/audit";
import type { Db } from "@/server/db/client";
import type { RecordCategory } from "@/server/db/generated/enums";
import { createNotifications, publishNotifications } from "@/server/notifications/notify";
import { MISSING } from "@/server/notFound";
import { shanghaiDateKey, parseDateKey } from "@/server/scheduling/time";
import { authorizeRecord, RECORD_CATEGORIES } from "./access";

/** The longest a consent may run. */
export const MAX_CONSENT_DAYS = 365;
const DAY_MS = 86_400_000;

export const grantSchema = z
  .object({
    residentId: z.uuid(),
    /** A clinician by username, or an institution by id: exactly one. */
    granteeUsername: z.string().trim().min(1).max(64).optional(),
    granteeInstitutionId: z.uuid().optional(),
    /** Empty: the whole record. */
    categories: z.array(z.enum(RECORD_CATEGORIES as [RecordCategory, ...RecordCategory[]])).max(RECORD_CATEGORIES.length).default([]),
    /** The last day the consent is in force (Beijing time), YYYY-MM-DD. */
    expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    purpose: displayText(200).pipe(z.string().min(2)),
  })
  .refine((body) => (body.granteeUsername ? 1 : 0) + (body.granteeInstitutionId ? 1 : 0) === 1, { message: "name exactly one grantee", path: ["granteeUsername"] });

export type GrantInput = z.infer<typeof grantSchema>;

export type ConsentStatus = "ACTIVE" | "EXPIRED" | "REVOKED";

export interface ConsentView {
  id: string;
  status: ConsentStatus;
  grantee: { kind: "user"; id: string; name: string; role: string; institution: { name: string; nameEn: string | null } | null } | { kind: "institution"; id: string; name: string; nameEn: string | null };
  /** Empty: the whole record. */
  categories: RecordCategory[];
  purpose: string | null;
  grantedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** The end of the chosen day in Beijing time; the day must be today or later and at most a year away. */
export function consentExpiry(expiresOn: string, now: Date = new Date()): Date {
  const start = parseDateKey(expiresOn);
  if (!start) throw new ValidationError("record.consent.expiryInvalid", [{ path: "expiresOn", message: "not a date" }]);
  const end = new Date(start.getTime() + DAY_MS - 1);
  const today = parseDateKey(shanghaiDateKey(now)) as Date;
  if (end.getTime() <= now.getTime()) throw new ValidationError("record.consent.expiryPast", [{ path: "expiresOn", message: "in the past" }]);
  if (start.getTime() > today.getTime() + MAX_CONSENT_DAYS * DAY_MS) throw new ValidationError("record.consent.expiryTooFar", [{ path: "expiresOn", message: "more than a year away" }], { days: MAX_CONSENT_DAYS });
  return end;
}

export function consentStatus(row: { expiresAt: Date; revokedAt: Date | null }, now: Date = new Date()): ConsentStatus {
  if (row.revokedAt) return "REVOKED";
  return row.expiresAt.getTime() > now.getTime() ? "ACTIVE" : "EXPIRED";
}

async function residentAccount(db: Db, residentId: string): Promise<string | null> {
  return (await db.resident.findUnique({ where: { id: residentId }, select: { userId: true } }))?.userId ?? null;
}

/** Grants access; the grantee must exist, be a clinician (or an institution) and not be the resident or the granter. */
export async function grantConsent(db: Db, actor: Actor, input: GrantInput, requestId?: string, now: Date = new Date()) {
  await authorizeRecord(db, actor, input.residentId, "record.manage", now);
  const expiresAt = consentExpiry(input.expiresOn, now);
  const categories = [...new Set(input.categories)];
  // All seven categories is the whole record, said once.
  const stored = categories.length === RECORD_CATEGORIES.length ? [] : categories;
  let granteeUserId: string | null = null;
  let granteeInstitutionId: string | null = null;
  if (input.granteeUsername) {
    const user = await db.user.findUnique({ where: { username: input.granteeUsername }, select: { id: true, role: true, disabled: true } });
    if (!user || user.disabled) throw new ValidationError("record.consent.noSuchGrantee", [{ path: "granteeUsername", message: "unknown" }]);
    if (user.id === actor.id || user.id === (await residentAccount(db, input.residentId))) throw new ValidationError("record.consent.selfGrant", [{ path: "granteeUsername", message: "yourself" }]);
    if (!(CLINICAL_ROLES as readonly string[]).includes(user.role)) throw new ValidationError("record.consent.notClinician", [{ path: "granteeUsername", message: "not a clinician" }]);
    granteeUserId = user.id;
  } else {
    const institution = await db.institution.findUnique({ where: { id: input.granteeInstitutionId as string }, select: { id: true } });
    if (!institution) throw new ValidationError("record.consent.noSuchGrantee", [{ path: "granteeInstitutionId", message: "unknown" }]);
    granteeInstitutionId = institution.id;
  }
  const { consent, notifications } = await db.$transaction(async (tx) => {
    const consent = await tx.recordConsent.create({
      data: { residentId: input.residentId, granteeUserId, granteeInstitutionId, categories: stored, purpose: input.purpose, expiresAt, grantedById: actor.id },
    });
    await audit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "record.consent.granted",
      targetType: "resident",
      targetId: input.residentId,
      requestId,
      details: { consentId: consent.id, granteeUserId, granteeInstitutionId, categories: stored, expiresAt: expiresAt.toISOString() },
    });
    const notifications = granteeUserId
      ? await createNotifications(tx, [{ userId: granteeUserId, kind: "record.consentGranted", params: { until: shanghaiDateKey(expiresAt) }, link: `/patients/${input.residentId}/record` }])
      : [];
    return { consent, notifications };
  });
  publishNotifications(notifications);
  return consent;
}

/** The resident's consents, newest first, with their status now. */
export async function listConsents(db: Db, actor: Actor, residentId: string, now: Date = new Date()): Promise<ConsentView[]> {
  await authorizeRecord(db, actor, residentId, "record.manage", now);
  const rows = await db.recordConsent.findMany({ where: { residentId }, orderBy: [{ grantedAt: "desc" }, { id: "asc" }], take: 200 });
  const userIds = [...new Set(rows.map((r) => r.granteeUserId).filter((id): id is string => id !== null))];
  const institutionIds = [...new Set(rows.map((r) => r.granteeInstitutionId).filter((id): id is string => id !== null))];
  const [users, institutions] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true, role: true, institution: { select: { name: true, nameEn: true } } } }) : [],
    institutionIds.length ? db.institution.findMany({ where: { id: { in: institutionIds } }, select: { id: true, name: true, nameEn: true } }) : [],
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const institutionById = new Map(institutions.map((i) => [i.id, i]));
  return rows.map((row): ConsentView => {
    const user = row.granteeUserId ? userById.get(row.granteeUserId) : undefined;
    const institution = row.granteeInstitutionId ? institutionById.get(row.granteeInstitutionId) : undefined;
    return {
      id: row.id,
      status: consentStatus(row, now),
      grantee: user
        ? { kind: "user", id: user.id, name: user.displayName, role: user.role, institution: user.institution }
        : { kind: "institution", id: institution?.id ?? "", name: institution?.name ?? "", nameEn: institution?.nameEn ?? null },
      categories: row.categories,
      purpose: row.purpose,
      grantedAt: row.grantedAt,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
    };
  });
}

/** Ends a consent now. Revoking one already revoked changes nothing; another resident's consent is "not found". */
export async function revokeConsent(db: Db, actor: Actor, consentId: string, requestId?: string, now: Date = new Date()) {
  const consent = await db.recordConsent.findUnique({ where: { id: consentId }, select: { id: true, residentId: true, revokedAt: true } });
  if (!consent) throw new NotFoundError(MISSING.consent);
  try {
    await authorizeRecord(db, actor, consent.residentId, "record.manage", now);
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(MISSING.consent);
    throw error;
  }
  if (consent.revokedAt) return { id: consent.id, revokedAt: consent.revokedAt };
  return db.$transaction(async (tx) => {
    const { count } = await tx.recordConsent.updateMany({ where: { id: consentId, revokedAt: null }, data: { revokedAt: now, revokedById: actor.id } });
    if (count === 1) {
      await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "record.consent.revoked", targetType: "resident", targetId: consent.residentId, requestId, details: { consentId } });
    }
    const row = await tx.recordConsent.findUniqueOrThrow({ where: { id: consentId }, select: { id: true, revokedAt: true } });
    return { id: row.id, revokedAt: row.revokedAt };
  });
}

/** Whom the resident may pick: clinicians who cared for them (consultations), and every institution. */
export async function consentCandidates(db: Db, actor: Actor, residentId: string) {
  await authorizeRecord(db, actor, residentId, "record.manage");
  const consultations = await db.consultation.findMany({ where: { residentId }, select: { requesterId: true, expertId: true }, take: 200 });
  const ids = [...new Set(consultations.flatMap((c) => [c.requesterId, ...(c.expertId ? [c.expertId] : [])]))];
  const [careTeam, institutions] = await Promise.all([
    ids.length
      ? db.user.findMany({ where: { id: { in: ids }, disabled: false }, select: { username: true, displayName: true, role: true, institution: { select: { name: true, nameEn: true } } }, orderBy: { displayName: "asc" } })
      : [],
    db.institution.findMany({ select: { id: true, name: true, nameEn: true, level: true }, orderBy: [{ level: "asc" }, { name: "asc" }], take: 500 }),
  ]);
  return { careTeam, institutions };
}

/** The days a consent may end on, for the form's date picker: today to a year from today (Beijing time). */
export function consentDateRange(now: Date = new Date()): { min: string; max: string } {
  return { min: shanghaiDateKey(now), max: shanghaiDateKey(new Date(now.getTime() + MAX_CONSENT_DAYS * DAY_MS)) };
}

/**
 * Emergency ("break-glass", 紧急调阅) access: a clinician without a care relationship opens a
 * resident's shared record for a bounded time, for a resident found by an exact identifier (the
 * document number, card ID, master index ID or QR code in front of them), with a stated reason.
 * It is audited, shown to the resident, and flagged to the clinician's institution admin, who
 * records whether it was justified.
 */
import { z } from "zod";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { displayText } from "@/lib/validation";
import { assertAllowed, assertRole, type Actor } from "@/server/access/policy";
import type { SessionUser } from "@/server/auth/signIn";
import { audit } from "@/server/audit";
import type { Db } from "@/server/db/client";
import { findResidents } from "@/server/healthcard/lookup";
import { createNotifications, publishNotifications, type NotificationDraft } from "@/server/notifications/notify";
import { MISSING } from "@/server/notFound";
import { authorizeRecord } from "./access";

export const EMERGENCY_DEFAULT_HOURS = 4;
export const EMERGENCY_MAX_HOURS = 24;
export const EMERGENCY_REASON_MIN = 10;

export const emergencySchema = z.object({
  /** What identifies the person exactly: document number, card ID, master index ID or QR text. */
  identifier: z.string().trim().min(2).max(200),
  reason: displayText(500).pipe(z.string().min(EMERGENCY_REASON_MIN)),
  hours: z.number().int().min(1).max(EMERGENCY_MAX_HOURS).default(EMERGENCY_DEFAULT_HOURS),
});
export type EmergencyInput = z.infer<typeof emergencySchema>;

export const reviewSchema = z.object({
  outcome: z.enum(["JUSTIFIED", "NOT_JUSTIFIED"]),
  note: displayText(500).default(""),
});

const EXACT = new Set(["qr", "cardId", "masterIndexId", "document"]);

/** The one resident an exact identifier names (the minimum identity the lookup shows), or 404. */
async function residentByExactIdentifier(db: Db, actor: SessionUser, identifier: string) {
  const found = await findResidents(db, actor, { text: identifier, limit: 2 });
  const exact = found.filter((r) => r.matchedBy && EXACT.has(r.matchedBy));
  if (found.length > 0 && exact.length === 0) throw new ValidationError("record.emergency.exactIdentifier", [{ path: "identifier", message: "not an exact identifier" }]);
  if (exact.length !== 1) throw new NotFoundError(MISSING.resident);
  return exact[0]!;
}

/** Opens an emergency access (or answers the one already in force for this clinician and resident). */
export async function openEmergencyAccess(db: Db, actor: SessionUser, input: EmergencyInput, requestId?: string, now: Date = new Date()) {
  assertRole(actor, "record.emergency");
  if (!actor.institutionId) throw new ForbiddenError("record.emergency.noInstitution");
  const resident = await residentByExactIdentifier(db, actor, input.identifier);
  const current = await db.emergencyAccess.findFirst({ where: { residentId: resident.id, userId: actor.id, expiresAt: { gt: now } }, orderBy: { expiresAt: "desc" } });
  if (current) return { id: current.id, residentId: resident.id, expiresAt: current.expiresAt, existing: true };
  const expiresAt = new Date(now.getTime() + input.hours * 3_600_000);
  const { access, notifications } = await db.$transaction(async (tx) => {
    const access = await tx.emergencyAccess.create({ data: { residentId: resident.id, userId: actor.id, institutionId: actor.institutionId, reason: input.reason, startedAt: now, expiresAt } });
    await audit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "record.emergency.opened",
      targetType: "resident",
      targetId: resident.id,
      requestId,
      details: { ground: "emergencyAccess", emergencyAccessId: access.id, hours: input.hours, reason: input.reason, matchedBy: resident.matchedBy },
    });
    const [admins, owner, guardians] = await Promise.all([
      tx.user.findMany({ where: { role: "INSTITUTION_ADMIN", institutionId: actor.institutionId, disabled: false }, select: { id: true } }),
      tx.resident.findUnique({ where: { id: resident.id }, select: { userId: true } }),
      tx.familyLink.findMany({ where: { residentId: resident.id, endedAt: null }, select: { guardianUserId: true } }),
    ]);
    const drafts: NotificationDraft[] = [
      ...admins.map((a) => ({ userId: a.id, kind: "record.emergencyReview", params: { clinician: actor.displayName }, link: "/record/emergency/review" })),
      ...[owner?.userId, ...guardians.map((g) => g.guardianUserId)]
        .filter((id): id is string => Boolean(id))
        .map((userId) => ({ userId, kind: "record.emergencyOpened", params: { clinician: actor.displayName }, link: `/my-record/emergency?for=${resident.id}` })),
    ];
    return { access, notifications: await createNotifications(tx, drafts) };
  });
  publishNotifications(notifications);
  return { id: access.id, residentId: resident.id, expiresAt: access.expiresAt, existing: false };
}

export interface EmergencyView {
  id: string;
  residentId: string;
  residentName: string;
  clinician: { name: string; role: string };
  institution: { name: string; nameEn: string | null } | null;
  reason: string;
  startedAt: Date;
  expiresAt: Date;
  active: boolean;
  review: { outcome: "JUSTIFIED" | "NOT_JUSTIFIED"; note: string | null; at: Date; by: string | null } | null;
}

const VIEW_SELECT = {
  id: true,
  residentId: true,
  resident: { select: { name: true } },
  userId: true,
  institutionId: true,
  reason: true,
  startedAt: true,
  expiresAt: true,
  reviewOutcome: true,
  reviewNote: true,
  reviewedAt: true,
  reviewedById: true,
} as const;

type Row = { id: string; residentId: string; resident: { name: string }; userId: string; institutionId: string | null; reason: string; startedAt: Date; expiresAt: Date; reviewOutcome: "JUSTIFIED" | "NOT_JUSTIFIED" | null; reviewNote: string | null; reviewedAt: Date | null; reviewedById: string | null };

async function views(db: Db, rows: Row[], now: Date): Promise<EmergencyView[]> {
  const userIds = [...new Set(rows.flatMap((r) => [r.userId, ...(r.reviewedById ? [r.reviewedById] : [])]))];
  const institutionIds = [...new Set(rows.map((r) => r.institutionId).filter((id): id is string => id !== null))];
  const [users, institutions] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true, role: true } }) : [],
    institutionIds.length ? db.institution.findMany({ where: { id: { in: institutionIds } }, select: { id: true, name: true, nameEn: true } }) : [],
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const institutionById = new Map(institutions.map((i) => [i.id, i]));
  return rows.map((row) => {
    const clinician = userById.get(row.userId);
    const institution = row.institutionId ? institutionById.get(row.institutionId) : undefined;
    return {
      id: row.id,
      residentId: row.residentId,
      residentName: row.resident.name,
      clinician: { name: clinician?.displayName ?? "", role: clinician?.role ?? "" },
      institution: institution ? { name: institution.name, nameEn: institution.nameEn } : null,
      reason: row.reason,
      startedAt: row.startedAt,
      expiresAt: row.expiresAt,
      active: row.expiresAt.getTime() > now.getTime(),
      review: row.reviewOutcome && row.reviewedAt ? { outcome: row.reviewOutcome, note: row.reviewNote, at: row.reviewedAt, by: row.reviewedById ? (userById.get(row.reviewedById)?.displayName ?? null) : null } : null,
    };
  });
}

/** Emergency accesses to a resident's record, for the resident (or their family member). */
export async function emergencyAccessesOf(db: Db, actor: Actor, residentId: string, now: Date = new Date()): Promise<EmergencyView[]> {
  await authorizeRecord(db, actor, residentId, "record.manage", now);
  const rows = await db.emergencyAccess.findMany({ where: { residentId }, orderBy: [{ startedAt: "desc" }, { id: "asc" }], take: 100, select: VIEW_SELECT });
  return views(db, rows, now);
}

/** The admin's review list: their institution's clinicians' emergency accesses, those awaiting review first. */
export async function emergencyReviewList(db: Db, actor: Actor, now: Date = new Date()): Promise<EmergencyView[]> {
  assertRole(actor, "record.emergency.review");
  if (!actor.institutionId) return [];
  const rows = await db.emergencyAccess.findMany({
    where: { institutionId: actor.institutionId },
    orderBy: [{ reviewedAt: { sort: "desc", nulls: "first" } }, { startedAt: "desc" }],
    take: 200,
    select: VIEW_SELECT,
  });
  return views(db, rows, now);
}

/** The admin records the outcome once; another institution's access is "not found". */
export async function reviewEmergencyAccess(db: Db, actor: SessionUser, id: string, input: z.infer<typeof reviewSchema>, requestId?: string) {
  assertRole(actor, "record.emergency.review");
  const access = await db.emergencyAccess.findUnique({ where: { id }, select: { id: true, residentId: true, userId: true, institutionId: true, reviewedAt: true } });
  if (!access) throw new NotFoundError(MISSING.emergencyAccess);
  assertAllowed(actor, "record.emergency.review", { institutionIds: access.institutionId ? [access.institutionId] : [] }, MISSING.emergencyAccess);
  if (access.reviewedAt) throw new ConflictError("record.emergency.alreadyReviewed", undefined, "ALREADY_REVIEWED");
  const notifications = await db.$transaction(async (tx) => {
    const { count } = await tx.emergencyAccess.updateMany({ where: { id, reviewedAt: null }, data: { reviewOutcome: input.outcome, reviewNote: input.note || null, reviewedById: actor.id, reviewedAt: new Date() } });
    if (count !== 1) throw new ConflictError("record.emergency.alreadyReviewed", undefined, "ALREADY_REVIEWED");
    await audit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: "record.emergency.reviewed",
      targetType: "resident",
      targetId: access.residentId,
      requestId,
      details: { emergencyAccessId: id, outcome: input.outcome },
    });
    return createNotifications(tx, [{ userId: access.userId, kind: `record.emergencyReviewed.${input.outcome}`, params: {}, link: "/record/emergency" }]);
  });
  publishNotifications(notifications);
  return db.emergencyAccess.findUniqueOrThrow({ where: { id } });
}

/** The clinician's own emergency accesses, newest first. */
export async function myEmergencyAccesses(db: Db, actor: Actor, now: Date = new Date()): Promise<EmergencyView[]> {
  assertRole(actor, "record.emergency");
  const rows = await db.emergencyAccess.findMany({ where: { userId: actor.id }, orderBy: [{ startedAt: "desc" }, { id: "asc" }], take: 50, select: VIEW_SELECT });
  return views(db, rows, now);
}

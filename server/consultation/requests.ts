/** Consultation requests by county doctors: drafts, consent, submit, withdraw, cancel, lists. */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { TEXT_LIMITS } from "./textLimits";
import { displayText, rowVersion } from "@/lib/validation";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { Consultation, Prisma } from "@/server/db/generated/client";
import { publishNotifications } from "@/server/notifications/notify";
import { releaseBooking } from "@/server/scheduling/booking";
import { shanghaiDateKey } from "@/server/scheduling/time";
import { accessibleConsultation } from "./access";
import { assertRole, type Action } from "@/server/access/policy";
import { consultationReadScope, withSpecialty } from "@/server/access/relations";
import { CONSULTATION_TYPES, SPECIALTIES, URGENCIES } from "./specialties";
import { runTransition, StaleVersionError, type TransitionResult } from "./transition";
import { MISSING } from "@/server/notFound";

const text = (max: number) => z.string().trim().max(max);

export const draftSchema = z.object({
  residentId: z.uuid(),
  type: z.enum(CONSULTATION_TYPES),
  specialty: z.enum(SPECIALTIES),
  urgency: z.enum(URGENCIES).default("ROUTINE"),
  preferredExpertId: z.uuid().nullable().optional(),
  clinicalSummary: text(TEXT_LIMITS.clinicalSummary).default(""),
  question: text(TEXT_LIMITS.question).default(""),
  preferredTimes: text(TEXT_LIMITS.preferredTimes).default(""),
});

export const draftUpdateSchema = draftSchema.partial().extend({ expectedVersion: rowVersion });

export const consentSchema = z.object({
  method: z.enum(["ON_SCREEN_SIGNATURE", "PORTAL_CONFIRMATION"]),
  givenBy: displayText(100).min(1),
  expectedVersion: rowVersion,
});

export const reasonSchema = z.object({ reason: z.string().trim().min(2).max(TEXT_LIMITS.reason), expectedVersion: rowVersion.optional() });
export const versionSchema = z.object({ expectedVersion: rowVersion.optional() });

function newNumber(): string {
  return `HZ${shanghaiDateKey(new Date()).replaceAll("-", "")}${randomBytes(3).toString("hex").toUpperCase()}`;
}

async function requireCountyDoctor(actor: SessionUser): Promise<string> {
  if (actor.role !== "COUNTY_DOCTOR" || !actor.institutionId) throw new ForbiddenError("consultation.countyDoctorsOnly");
  return actor.institutionId;
}

export async function createDraft(db: Db, actor: SessionUser, input: z.infer<typeof draftSchema>, requestId?: string): Promise<Consultation> {
  const institutionId = await requireCountyDoctor(actor);
  const resident = await db.resident.findUnique({ where: { id: input.residentId }, select: { id: true } });
  if (!resident) throw new NotFoundError(MISSING.consultationResident);
  await checkPreferredExpert(db, input.preferredExpertId);
  const created = await db.consultation.create({
    data: { ...input, preferredExpertId: input.preferredExpertId ?? null, number: newNumber(), requesterId: actor.id, requestingInstitutionId: institutionId },
  });
  await db.consultationEvent.create({ data: { consultationId: created.id, action: "create", toStatus: "DRAFT", actorId: actor.id } });
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "consultation.create", targetType: "consultation", targetId: created.id, requestId });
  return created;
}

async function checkPreferredExpert(db: Db, expertId: string | null | undefined) {
  if (!expertId) return;
  const expert = await db.user.findUnique({ where: { id: expertId }, select: { role: true } });
  if (!expert || expert.role !== "SPECIALIST") throw new ValidationError("consultation.preferredExpertInvalid");
}

/** Drafts only; the version guards against two tabs overwriting each other. */
export async function updateDraft(db: Db, actor: SessionUser, id: string, input: z.infer<typeof draftUpdateSchema>, requestId?: string): Promise<Consultation> {
  const { expectedVersion, ...changes } = input;
  const current = await getOwnDraft(db, actor, id);
  if (changes.residentId) {
    const resident = await db.resident.findUnique({ where: { id: changes.residentId }, select: { id: true } });
    if (!resident) throw new NotFoundError(MISSING.consultationResident);
  }
  await checkPreferredExpert(db, changes.preferredExpertId);
  const data: Prisma.ConsultationUncheckedUpdateManyInput = { ...changes, version: { increment: 1 } };
  // Consent covers what the patient was told; changing the patient invalidates it.
  if (changes.residentId && changes.residentId !== current.residentId) Object.assign(data, { consentMethod: null, consentGivenBy: null, consentAt: null, consentRecordedById: null });
  const { count } = await db.consultation.updateMany({ where: { id, version: expectedVersion, status: "DRAFT" }, data });
  if (count !== 1) throw new StaleVersionError();
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "consultation.editDraft", targetType: "consultation", targetId: id, requestId });
  return db.consultation.findUniqueOrThrow({ where: { id } });
}

async function getOwnDraft(db: Db, actor: SessionUser, id: string): Promise<Consultation> {
  const current = await db.consultation.findUnique({ where: { id } });
  if (!current) throw new NotFoundError(MISSING.consultation);
  if (current.requesterId !== actor.id) throw new ForbiddenError("consultation.notYourAction");
  if (current.status !== "DRAFT") throw new ValidationError("consultation.onlyDraftsEditable");
  return current;
}

export async function recordConsent(db: Db, actor: SessionUser, id: string, input: z.infer<typeof consentSchema>, requestId?: string): Promise<Consultation> {
  await getOwnDraft(db, actor, id);
  const { count } = await db.consultation.updateMany({
    where: { id, version: input.expectedVersion, status: "DRAFT" },
    data: { consentMethod: input.method, consentGivenBy: input.givenBy, consentAt: new Date(), consentRecordedById: actor.id, version: { increment: 1 } },
  });
  if (count !== 1) throw new StaleVersionError();
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "consultation.consent", targetType: "consultation", targetId: id, requestId, details: { method: input.method } });
  return db.consultation.findUniqueOrThrow({ where: { id } });
}

export async function submitRequest(db: Db, actor: SessionUser, id: string, expectedVersion: number | undefined, requestId?: string): Promise<TransitionResult> {
  const result = await db.$transaction(async (tx) => {
    const current = await tx.consultation.findUnique({ where: { id } });
    if (current && current.requesterId === actor.id && current.status === "DRAFT") {
      const missing = (["clinicalSummary", "question"] as const).filter((field) => current[field].trim().length < 5);
      if (missing.length > 0) throw new ValidationError("consultation.incomplete", { missing });
      if (!current.consentAt || !current.consentMethod) throw new ValidationError("consultation.consentRequired");
    }
    return runTransition(tx, actor, id, "submit", { expectedVersion, requestId, data: { submittedAt: new Date() } });
  });
  publishNotifications(result.notifications);
  return result;
}

export async function closeRequest(db: Db, actor: SessionUser, id: string, action: "withdraw" | "cancel", input: z.infer<typeof reasonSchema>, requestId?: string): Promise<TransitionResult> {
  const result = await db.$transaction(async (tx) => {
    const transition = await runTransition(tx, actor, id, action, { expectedVersion: input.expectedVersion, reason: input.reason, requestId, data: { closedReason: input.reason } });
    await releaseBooking(tx, id, input.reason);
    return transition;
  });
  publishNotifications(result.notifications);
  return result;
}

export const listQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(["DRAFT", "SUBMITTED", "ASSIGNED", "SCHEDULED", "IN_SESSION", "OPINION_PENDING", "COMPLETED", "CANCELLED", "WITHDRAWN"]).optional(),
  urgency: z.enum(URGENCIES).optional(),
  specialty: z.enum(SPECIALTIES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const LIST_PAGE_SIZE = 15;

export async function listConsultations(db: Db, actor: SessionUser, query: z.infer<typeof listQuerySchema>) {
  // The list shows exactly what the detail page opens (consultation.read), no more and no less.
  assertRole(actor, "consultation.list");
  const where: Prisma.ConsultationWhereInput = { AND: [consultationReadScope(await withSpecialty(db, actor))] };
  const and = where.AND as Prisma.ConsultationWhereInput[];
  if (query.status) and.push({ status: query.status });
  if (query.urgency) and.push({ urgency: query.urgency });
  if (query.specialty) and.push({ specialty: query.specialty });
  if (query.q) and.push({ OR: [{ number: { contains: query.q, mode: "insensitive" } }, { resident: { name: { contains: query.q } } }, { question: { contains: query.q, mode: "insensitive" } }] });
  const [items, total] = await Promise.all([
    db.consultation.findMany({
      where,
      orderBy: { updatedAt: "desc" },
      skip: (query.page - 1) * LIST_PAGE_SIZE,
      take: LIST_PAGE_SIZE,
      include: { resident: { select: { name: true } }, expert: { select: { displayName: true } } },
    }),
    db.consultation.count({ where }),
  ]);
  return { items, total, page: query.page, pageSize: LIST_PAGE_SIZE };
}

/** The consultation with what its page shows, or 404 unless the actor may take `action` on it (default: read it). */
export async function getConsultation(db: Db, actor: SessionUser, id: string, action: Action = "consultation.read") {
  const consultation = await db.consultation.findUnique({
    where: { id },
    include: {
      resident: { select: { id: true, name: true, sex: true, birthDate: true, userId: true } },
      requester: { select: { id: true, displayName: true, title: true } },
      requestingInstitution: { select: { name: true, nameEn: true } },
      expert: { select: { id: true, displayName: true, title: true } },
      attachments: { select: { id: true, fileName: true, contentType: true, sizeBytes: true, createdAt: true }, orderBy: { createdAt: "asc" } },
      events: { orderBy: { at: "asc" } },
      appointments: { where: { cancelledAt: null } },
    },
  });
  return accessibleConsultation(db, actor, consultation, action);
}

/**
 * A person opening a consultation (its page, print view or API) reads the patient's record: the
 * read is audited, so the patient's "who read my record" lists it. Other callers of
 * getConsultation (slots, video, the record panel) act on a consultation already opened.
 */
export async function viewConsultation(db: Db, actor: SessionUser, id: string, requestId?: string) {
  const consultation = await getConsultation(db, actor, id);
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "consultation.viewed", targetType: "consultation", targetId: id, requestId });
  return consultation;
}

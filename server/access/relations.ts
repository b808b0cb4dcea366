/**
 * Loaders of `Relations` (server/access/policy.ts): what a resident, a consultation or a room is
 * to institutions and people, read from the database in one or two queries. The domain calls
 * them before `assertAllowed`; list queries use the matching `where` scopes so a list and a
 * detail page never disagree.
 */
import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import type { ConsultationStatus } from "@/server/db/generated/enums";
import { POLICY, type Actor, type Relations } from "./policy";

type Reader = Pick<Db, "resident" | "consultation" | "institution" | "user" | "videoRoom">;
type TeachingReader = Pick<Db, "teachingSession">;
type RecordReader = Reader & Pick<Db, "recordConsent" | "emergencyAccess" | "familyLink">;

/** A consultation in progress: it ties its requesting doctor and assigned expert to the resident's shared record. */
export const OPEN_CONSULTATION: readonly ConsultationStatus[] = ["DRAFT", "SUBMITTED", "ASSIGNED", "SCHEDULED", "IN_SESSION", "OPINION_PENDING"];

/** A consultation no longer ties its experts to the resident once it was cancelled or withdrawn. */
const ENDED_WITHOUT_CARE: readonly ConsultationStatus[] = ["CANCELLED", "WITHDRAWN"];

/**
 * A resident: registered at the institution that issued the card or whose local identifiers are
 * linked; seen by the institutions that requested consultations for them; cared for by those
 * consultations' requesting doctors and assigned experts.
 */
export async function residentRelations(db: Reader, residentId: string): Promise<Relations | null> {
  const row = await db.resident.findUnique({
    where: { id: residentId },
    select: {
      userId: true,
      card: { select: { issuingInstitutionId: true } },
      identifiers: { select: { issuer: true } },
      consultations: { select: { requestingInstitutionId: true, requesterId: true, expertId: true, status: true } },
    },
  });
  if (!row) return null;
  const issuers = [...new Set(row.identifiers.map((i) => i.issuer))];
  const issuerInstitutions = issuers.length ? await db.institution.findMany({ where: { code: { in: issuers } }, select: { id: true } }) : [];
  const institutionIds = new Set<string>(issuerInstitutions.map((i) => i.id));
  if (row.card?.issuingInstitutionId) institutionIds.add(row.card.issuingInstitutionId);
  const careTeamIds = new Set<string>();
  for (const consultation of row.consultations) {
    if (consultation.status !== "DRAFT") institutionIds.add(consultation.requestingInstitutionId);
    careTeamIds.add(consultation.requesterId);
    if (consultation.expertId && !ENDED_WITHOUT_CARE.includes(consultation.status)) careTeamIds.add(consultation.expertId);
  }
  return { institutionIds: [...institutionIds], careTeamIds: [...careTeamIds], subjectUserId: row.userId };
}

/** The residents residentRelations gives the actor's institution (its institutionIds): card issued, identifier linked, consultation requested there. */
async function institutionResidents(db: Reader, actor: Actor): Promise<Prisma.ResidentWhereInput[]> {
  if (!actor.institutionId) return [];
  const institution = await db.institution.findUnique({ where: { id: actor.institutionId }, select: { code: true } });
  return [
    { card: { is: { issuingInstitutionId: actor.institutionId } } },
    ...(institution ? [{ identifiers: { some: { issuer: institution.code } } }] : []),
    { consultations: { some: { requestingInstitutionId: actor.institutionId, status: { not: "DRAFT" as const } } } },
  ];
}

/** The list-side twin of residentRelations + the resident.read rules: what an actor may browse. */
export async function residentBrowseScope(db: Reader, actor: Actor): Promise<Prisma.ResidentWhereInput> {
  const mine: Prisma.ResidentWhereInput[] = await institutionResidents(db, actor);
  if (actor.role !== "INSTITUTION_ADMIN") {
    mine.push({ consultations: { some: { requesterId: actor.id } } });
    mine.push({ consultations: { some: { expertId: actor.id, status: { notIn: [...ENDED_WITHOUT_CARE] } } } });
  }
  return mine.length ? { OR: mine } : { id: { in: [] } };
}

export interface ConsultationFacts {
  status: ConsultationStatus;
  requesterId: string;
  expertId: string | null;
  /** Absent when the caller read only the status columns: the grounds that need them then do not hold. */
  requestingInstitutionId?: string;
  specialty?: string;
  resident?: { userId: string | null } | null;
}

/** A consultation, from the row the domain already read. */
export function consultationRelations(consultation: ConsultationFacts): Relations {
  const submitted = consultation.status !== "DRAFT";
  return {
    institutionIds: submitted && consultation.requestingInstitutionId ? [consultation.requestingInstitutionId] : [],
    careTeamIds: [consultation.requesterId, ...(consultation.expertId ? [consultation.expertId] : [])],
    requesterId: consultation.requesterId,
    assignedExpertId: consultation.expertId,
    queueSpecialty: consultation.status === "SUBMITTED" && consultation.expertId === null ? (consultation.specialty ?? null) : null,
    atCoordinationCentre: submitted,
    subjectUserId: consultation.resident?.userId ?? null,
  };
}

/** The columns consultationRelations needs, for a Prisma select. */
export const CONSULTATION_RELATION_SELECT = {
  status: true,
  requesterId: true,
  requestingInstitutionId: true,
  expertId: true,
  specialty: true,
  resident: { select: { userId: true } },
} as const;

/** The list-side twin of consultationRelations + the consultation.read rules. */
export function consultationReadScope(actor: Actor): Prisma.ConsultationWhereInput {
  switch (actor.role) {
    case "COUNTY_DOCTOR":
      return { OR: [{ requesterId: actor.id }, ...(actor.institutionId ? [{ requestingInstitutionId: actor.institutionId, status: { not: "DRAFT" as const } }] : [])] };
    case "SPECIALIST":
      return { OR: [{ expertId: actor.id }, ...(actor.specialty ? [{ status: "SUBMITTED" as const, expertId: null, specialty: actor.specialty }] : [])] };
    case "COORDINATOR":
      return { status: { not: "DRAFT" } };
    default:
      return { id: { in: [] } };
  }
}

/** The actor with what the consultation rules need (a specialist's specialty is their department's code). */
export async function withSpecialty(db: Reader, actor: Actor): Promise<Actor> {
  if (actor.role !== "SPECIALIST" || actor.specialty !== undefined) return actor;
  const row = await db.user.findUnique({ where: { id: actor.id }, select: { department: { select: { code: true } } } });
  return { ...actor, specialty: row?.department?.code ?? null };
}

/** An opinion template: its owner's alone when personal, else shared in its specialty of its institution. */
export function opinionTemplateRelations(template: { institutionId: string; specialty: string; ownerId: string | null }): Relations {
  return template.ownerId ? { subjectUserId: template.ownerId } : { sharedInSpecialty: { institutionId: template.institutionId, specialty: template.specialty } };
}

/** The list-side twin of opinionTemplateRelations + the opinionTemplate.use rules (the actor with their specialty, withSpecialty). */
export function opinionTemplateScope(actor: Actor): Prisma.OpinionTemplateWhereInput {
  if (actor.role !== "SPECIALIST") return { id: { in: [] } };
  const mine: Prisma.OpinionTemplateWhereInput[] = [{ ownerId: actor.id }];
  if (actor.institutionId && actor.specialty) mine.push({ ownerId: null, institutionId: actor.institutionId, specialty: actor.specialty });
  return { OR: mine };
}

/**
 * A video room: members, publishers and hosts as its participant rows say (written only from the
 * consultation, meeting or teaching session). Viewers are members but not publishers: they send
 * media only while a host gives them the floor, which is the live room's state (floorHolderIds,
 * added by the signalling layer, server/video/handlerContext.ts).
 */
export async function roomRelations(db: Reader, roomId: string): Promise<Relations | null> {
  const room = await db.videoRoom.findUnique({ where: { id: roomId }, select: { participants: { select: { userId: true, role: true } } } });
  if (!room) return null;
  return {
    roomMemberIds: room.participants.map((p) => p.userId),
    roomPublisherIds: room.participants.filter((p) => p.role !== "VIEWER").map((p) => p.userId),
    roomHostIds: room.participants.filter((p) => p.role === "HOST").map((p) => p.userId),
  };
}

/**
 * A surgical teaching session: its presenter (the surgeon), moderators, the trainees registered
 * now (cancelled registrations do not count) and the institutions invited.
 */
export async function teachingRelations(db: TeachingReader, sessionId: string): Promise<Relations | null> {
  const row = await db.teachingSession.findUnique({
    where: { id: sessionId },
    select: {
      surgeonId: true,
      moderators: { select: { userId: true } },
      invitations: { select: { institutionId: true } },
      registrations: { where: { cancelledAt: null }, select: { traineeId: true } },
    },
  });
  if (!row) return null;
  return {
    presenterId: row.surgeonId,
    moderatorIds: row.moderators.map((m) => m.userId),
    registeredTraineeIds: row.registrations.map((r) => r.traineeId),
    invitedInstitutionIds: row.invitations.map((i) => i.institutionId),
  };
}

/** The list-side twin of teachingRelations + the teaching.read rules: the sessions an actor may see. */
export function teachingListScope(actor: Actor): Prisma.TeachingSessionWhereInput {
  if (actor.role === "COORDINATOR") return {};
  const mine: Prisma.TeachingSessionWhereInput[] = [];
  const clinician = actor.role === "COUNTY_DOCTOR" || actor.role === "SPECIALIST";
  if (actor.role === "SPECIALIST") mine.push({ surgeonId: actor.id }, { moderators: { some: { userId: actor.id } } });
  if (actor.institutionId && (clinician || actor.role === "INSTITUTION_ADMIN")) mine.push({ invitations: { some: { institutionId: actor.institutionId } } });
  if (clinician) mine.push({ registrations: { some: { traineeId: actor.id, cancelledAt: null } } });
  return mine.length ? { OR: mine } : { id: { in: [] } };
}

/**
 * A resident's shared record: what residentRelations says, plus the care team of open
 * consultations, the consents and emergency accesses in force at `now`, and the family members
 * managing the record. Consent and emergency access are read at every check, so a revocation
 * takes effect on the next request.
 */
export async function recordRelations(db: RecordReader, residentId: string, now: Date = new Date()): Promise<Relations | null> {
  const base = await residentRelations(db, residentId);
  if (!base) return null;
  const [open, consents, emergencies, family] = await Promise.all([
    db.consultation.findMany({ where: { residentId, status: { in: [...OPEN_CONSULTATION] } }, select: { requesterId: true, expertId: true, status: true } }),
    db.recordConsent.findMany({
      where: { residentId, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, granteeUserId: true, granteeInstitutionId: true, categories: true },
    }),
    db.emergencyAccess.findMany({ where: { residentId, expiresAt: { gt: now } }, select: { userId: true } }),
    db.familyLink.findMany({ where: { residentId, endedAt: null }, select: { guardianUserId: true } }),
  ]);
  const openCareTeamIds = new Set<string>();
  for (const consultation of open) {
    openCareTeamIds.add(consultation.requesterId);
    if (consultation.expertId && consultation.status !== "DRAFT") openCareTeamIds.add(consultation.expertId);
  }
  return {
    ...base,
    openCareTeamIds: [...openCareTeamIds],
    consents,
    emergencyAccessUserIds: emergencies.map((e) => e.userId),
    guardianUserIds: family.map((f) => f.guardianUserId),
  };
}

type RecordGround = "ownInstitution" | "openCare" | "consent" | "emergencyAccess" | "self" | "guardian";

/** Each shared-record ground of recordRelations as a resident filter for the actor, at `now`. */
const RECORD_GROUND_SCOPES: Record<RecordGround, (db: Reader, actor: Actor, now: Date) => Promise<Prisma.ResidentWhereInput[]>> = {
  ownInstitution: (db, actor) => institutionResidents(db, actor),
  openCare: async (_db, actor) => [
    { consultations: { some: { requesterId: actor.id, status: { in: [...OPEN_CONSULTATION] } } } },
    { consultations: { some: { expertId: actor.id, status: { in: OPEN_CONSULTATION.filter((s) => s !== "DRAFT") } } } },
  ],
  consent: async (_db, actor, now) => [
    {
      recordConsents: {
        some: { revokedAt: null, expiresAt: { gt: now }, OR: [{ granteeUserId: actor.id }, ...(actor.institutionId ? [{ granteeInstitutionId: actor.institutionId }] : [])] },
      },
    },
  ],
  emergencyAccess: async (_db, actor, now) => [{ emergencyAccesses: { some: { userId: actor.id, expiresAt: { gt: now } } } }],
  self: async (_db, actor) => [{ userId: actor.id }],
  guardian: async (_db, actor) => [{ familyLinks: { some: { guardianUserId: actor.id, endedAt: null } } }],
};

/**
 * The list-side twin of recordRelations + a shared-record action's rules: the residents whose
 * record the actor may reach with `action` now, built from the action's own rules in the policy
 * (each rule of the actor's role adds its ground's filter), so a list and authorizeRecord agree.
 */
export async function recordScope(db: Reader, actor: Actor, action: "record.read" | "fhir.read" | "record.manage" | "vitals.acknowledge", now: Date = new Date()): Promise<Prisma.ResidentWhereInput> {
  const grounds = [...new Set(POLICY[action].filter((r) => r.roles.includes(actor.role)).map((r) => r.ground))];
  const filters: Prisma.ResidentWhereInput[] = [];
  for (const ground of grounds) {
    if (!Object.hasOwn(RECORD_GROUND_SCOPES, ground)) throw new Error(`recordScope: no resident filter for the ground ${ground} of ${action}`);
    filters.push(...(await RECORD_GROUND_SCOPES[ground as RecordGround](db, actor, now)));
  }
  return filters.length ? { OR: filters } : { id: { in: [] } };
}

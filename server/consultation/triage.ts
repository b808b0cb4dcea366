/** The coordinator's triage queue, expert suggestions, assignment, accept and decline. */
import { z } from "zod";
import { rowVersion } from "@/lib/validation";
import { TEXT_LIMITS } from "./textLimits";
import { ValidationError } from "@/lib/errors";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { publishNotifications } from "@/server/notifications/notify";
import { findFreeSlots } from "@/server/scheduling/availability";
import { SPECIALTIES } from "./specialties";
import { accessibleConsultation } from "./access";
import { runTransition, type TransitionResult } from "./transition";

export const queueQuerySchema = z.object({
  specialty: z.enum(SPECIALTIES).optional(),
  institutionId: z.uuid().optional(),
  status: z.enum(["SUBMITTED", "ASSIGNED"]).optional(),
});

const URGENCY_RANK = { EMERGENCY: 0, URGENT: 1, ROUTINE: 2 } as const;

/** Urgency first, then the longest wait. */
export async function triageQueue(db: Db, query: z.infer<typeof queueQuerySchema>) {
  const where: Prisma.ConsultationWhereInput = { status: query.status ? query.status : { in: ["SUBMITTED", "ASSIGNED"] } };
  if (query.specialty) where.specialty = query.specialty;
  if (query.institutionId) where.requestingInstitutionId = query.institutionId;
  const items = await db.consultation.findMany({
    where,
    take: 200,
    include: {
      resident: { select: { name: true } },
      requester: { select: { displayName: true } },
      requestingInstitution: { select: { name: true, nameEn: true } },
      expert: { select: { displayName: true } },
    },
  });
  return items.sort((a, b) => URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] || (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0));
}

export interface ExpertSuggestion {
  id: string;
  displayName: string;
  title: string | null;
  institution: string | null;
  freeSlots: number;
  nextSlot: Date | null;
  preferred: boolean;
}

/** Experts of the specialty, the preferred one first, then by the earliest free slot. */
const SUGGESTED_EXPERTS = 20;

export async function suggestExperts(db: Db, actor: SessionUser, consultationId: string): Promise<ExpertSuggestion[]> {
  // Triage of a request at the coordination centre (consultation.assign): a draft is not there yet.
  const consultation = await accessibleConsultation(db, actor, await db.consultation.findUnique({ where: { id: consultationId }, include: { resident: { select: { userId: true } } } }), "consultation.assign");
  // The requester's preferred expert and the one assigned are always offered; then the specialty's
  // experts at work most recently, at most SUGGESTED_EXPERTS (each costs a free-slot search).
  const pinned = [consultation.preferredExpertId, consultation.expertId].filter((id): id is string => id !== null);
  const candidates = { role: "SPECIALIST" as const, disabled: false, department: { code: consultation.specialty } };
  const include = { institution: { select: { name: true } } };
  const [pinnedExperts, others] = await Promise.all([
    pinned.length ? db.user.findMany({ where: { ...candidates, id: { in: pinned } }, include }) : [],
    db.user.findMany({ where: { ...candidates, id: { notIn: pinned } }, include, orderBy: [{ lastLoginAt: { sort: "desc", nulls: "last" } }, { id: "asc" }], take: SUGGESTED_EXPERTS }),
  ]);
  const experts = [...pinnedExperts, ...others];
  const suggestions = await Promise.all(
    experts.map(async (expert) => {
      const slots = await findFreeSlots(db, expert.id, { days: 7, limit: 100, attendeeIds: [consultation.requesterId] });
      return {
        id: expert.id,
        displayName: expert.displayName,
        title: expert.title,
        institution: expert.institution?.name ?? null,
        freeSlots: slots.length,
        nextSlot: slots[0]?.start ?? null,
        preferred: expert.id === consultation.preferredExpertId,
      };
    }),
  );
  const time = (s: ExpertSuggestion) => s.nextSlot?.getTime() ?? Number.MAX_SAFE_INTEGER;
  return suggestions.sort((a, b) => Number(b.preferred) - Number(a.preferred) || time(a) - time(b));
}

export const assignSchema = z.object({ expertId: z.uuid(), expectedVersion: rowVersion.optional() });
export const declineSchema = z.object({ reason: z.string().trim().min(2).max(TEXT_LIMITS.reason), expectedVersion: rowVersion.optional() });

export async function assignExpert(db: Db, actor: SessionUser, id: string, input: z.infer<typeof assignSchema>, requestId?: string): Promise<TransitionResult> {
  const expert = await db.user.findUnique({ where: { id: input.expertId }, select: { role: true, disabled: true } });
  if (!expert || expert.role !== "SPECIALIST" || expert.disabled) throw new ValidationError("consultation.expertInvalid");
  const result = await db.$transaction((tx) =>
    runTransition(tx, actor, id, "assign", { expectedVersion: input.expectedVersion, requestId, data: { expertId: input.expertId, expertAcceptedAt: null } }),
  );
  publishNotifications(result.notifications);
  return result;
}

export async function acceptRequest(db: Db, actor: SessionUser, id: string, expectedVersion: number | undefined, requestId?: string): Promise<TransitionResult> {
  const result = await db.$transaction((tx) =>
    runTransition(tx, actor, id, "accept", { expectedVersion, requestId, data: { expertId: actor.id, expertAcceptedAt: new Date() } }),
  );
  publishNotifications(result.notifications);
  return result;
}

export async function declineRequest(db: Db, actor: SessionUser, id: string, input: z.infer<typeof declineSchema>, requestId?: string): Promise<TransitionResult> {
  const result = await db.$transaction((tx) =>
    runTransition(tx, actor, id, "decline", { expectedVersion: input.expectedVersion, reason: input.reason, requestId, data: { expertId: null, expertAcceptedAt: null } }),
  );
  publishNotifications(result.notifications);
  return result;
}

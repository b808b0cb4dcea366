/**
 * Plain-language follow-up advice to the patient (published to the patient portal), the
 * patient's acknowledgement, and follow-up questions the doctors answer.
 */
import { z } from "zod";
import { TEXT_LIMITS } from "./textLimits";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { createNotifications, publishNotifications } from "@/server/notifications/notify";
import { MISSING } from "@/server/notFound";

export const adviceSchema = z.object({ body: z.string().trim().min(5).max(TEXT_LIMITS.adviceBody) });
export const questionSchema = z.object({ question: z.string().trim().min(2).max(TEXT_LIMITS.adviceQuestion) });
export const answerSchema = z.object({ answer: z.string().trim().min(2).max(TEXT_LIMITS.adviceAnswer) });

function isDoctorOf(actor: SessionUser, consultation: { requesterId: string; expertId: string | null }): boolean {
  return (actor.role === "SPECIALIST" && consultation.expertId === actor.id) || (actor.role === "COUNTY_DOCTOR" && consultation.requesterId === actor.id);
}

export async function publishAdvice(db: Db, actor: SessionUser, consultationId: string, input: z.infer<typeof adviceSchema>, requestId?: string) {
  const consultation = await db.consultation.findUnique({ where: { id: consultationId }, include: { resident: { select: { userId: true } } } });
  if (!consultation) throw new NotFoundError(MISSING.consultation);
  if (!isDoctorOf(actor, consultation)) throw new ForbiddenError("consultation.adviceDoctorsOnly");
  if (consultation.status !== "COMPLETED") throw new ValidationError("consultation.adviceAfterOpinion");
  const { advice, notifications } = await db.$transaction(async (tx) => {
    const advice = await tx.followUpAdvice.create({ data: { consultationId, residentId: consultation.residentId, authorId: actor.id, body: input.body } });
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "advice.publish", targetType: "consultation", targetId: consultationId, requestId });
    const notifications = consultation.resident.userId
      ? await createNotifications(tx, [{ userId: consultation.resident.userId, kind: "advice.published", params: { doctor: actor.displayName }, link: "/advice" }])
      : [];
    return { advice, notifications };
  });
  publishNotifications(notifications);
  return advice;
}

const adviceInclude = {
  author: { select: { displayName: true, title: true } },
  consultation: { select: { number: true, requesterId: true, expertId: true } },
  questions: { orderBy: { askedAt: "asc" as const } },
};

export async function adviceForPatient(db: Db, actor: SessionUser) {
  if (actor.role !== "PATIENT") throw new ForbiddenError("consultation.patientsOnly");
  const resident = await db.resident.findUnique({ where: { userId: actor.id }, select: { id: true } });
  if (!resident) return [];
  return db.followUpAdvice.findMany({ where: { residentId: resident.id }, orderBy: { publishedAt: "desc" }, include: adviceInclude });
}

export async function adviceForConsultation(db: Db, consultationId: string) {
  return db.followUpAdvice.findMany({ where: { consultationId }, orderBy: { publishedAt: "desc" }, include: adviceInclude });
}

async function ownAdvice(db: Db, actor: SessionUser, adviceId: string) {
  const advice = await db.followUpAdvice.findUnique({ where: { id: adviceId }, include: { resident: { select: { userId: true } }, consultation: { select: { id: true, number: true, requesterId: true, expertId: true } } } });
  if (!advice || actor.role !== "PATIENT" || advice.resident.userId !== actor.id) throw new NotFoundError(MISSING.advice);
  return advice;
}

export async function acknowledgeAdvice(db: Db, actor: SessionUser, adviceId: string, requestId?: string) {
  const advice = await ownAdvice(db, actor, adviceId);
  if (advice.acknowledgedAt) return advice;
  const updated = await db.followUpAdvice.update({ where: { id: adviceId }, data: { acknowledgedAt: new Date() } });
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "advice.acknowledge", targetType: "followUpAdvice", targetId: adviceId, requestId });
  return updated;
}

export async function askQuestion(db: Db, actor: SessionUser, adviceId: string, input: z.infer<typeof questionSchema>, requestId?: string) {
  const advice = await ownAdvice(db, actor, adviceId);
  const { question, notifications } = await db.$transaction(async (tx) => {
    const question = await tx.adviceQuestion.create({ data: { adviceId, askedById: actor.id, question: input.question } });
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "advice.question", targetType: "followUpAdvice", targetId: adviceId, requestId });
    const doctors = [advice.consultation.requesterId, advice.consultation.expertId].filter((id): id is string => Boolean(id));
    const notifications = await createNotifications(
      tx,
      doctors.map((userId) => ({ userId, kind: "advice.question", params: { number: advice.consultation.number }, link: `/consultations/${advice.consultation.id}` })),
    );
    return { question, notifications };
  });
  publishNotifications(notifications);
  return question;
}

export async function answerQuestion(db: Db, actor: SessionUser, questionId: string, input: z.infer<typeof answerSchema>, requestId?: string) {
  const question = await db.adviceQuestion.findUnique({
    where: { id: questionId },
    include: { advice: { include: { consultation: { select: { requesterId: true, expertId: true, number: true } }, resident: { select: { userId: true } } } } },
  });
  if (!question) throw new NotFoundError(MISSING.adviceQuestion);
  if (!isDoctorOf(actor, question.advice.consultation)) throw new ForbiddenError("consultation.adviceDoctorsOnly");
  const { updated, notifications } = await db.$transaction(async (tx) => {
    const { count } = await tx.adviceQuestion.updateMany({ where: { id: questionId, answeredAt: null }, data: { answer: input.answer, answeredById: actor.id, answeredAt: new Date() } });
    if (count !== 1) throw new ValidationError("consultation.questionAlreadyAnswered");
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "advice.answer", targetType: "adviceQuestion", targetId: questionId, requestId });
    const patientId = question.advice.resident.userId;
    const notifications = patientId
      ? await createNotifications(tx, [{ userId: patientId, kind: "advice.answered", params: { doctor: actor.displayName }, link: "/advice" }])
      : [];
    return { updated: await tx.adviceQuestion.findUniqueOrThrow({ where: { id: questionId } }), notifications };
  });
  publishNotifications(notifications);
  return updated;
}

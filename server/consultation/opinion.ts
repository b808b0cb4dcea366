/**
 * The expert's structured opinion, signed with SM2 (SM3 digest). Each signing stores a new
 * version; old versions stay. Anyone can verify a version with the public key stored with it.
 */
import { z } from "zod";
import { TEXT_LIMITS } from "./textLimits";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import { sm2Verify, sm2Sign } from "@/server/crypto/sm2";
import type { Db } from "@/server/db/client";
import type { ConsultationOpinion } from "@/server/db/generated/client";
import { createNotifications, publishNotifications, type StoredNotification } from "@/server/notifications/notify";
import { accessibleConsultation } from "./access";
import { discardOpinionDraft } from "./opinionDraft";
import { getOrCreateSigningKey } from "./signingKeys";
import { loadForUpdate, runTransition } from "./transition";

export const opinionSchema = z.object({
  findings: z.string().trim().min(2).max(TEXT_LIMITS.findings),
  impression: z.string().trim().min(2).max(TEXT_LIMITS.impression),
  recommendations: z.string().trim().min(2).max(TEXT_LIMITS.recommendations),
  referralDecision: z.enum(["NO_REFERRAL", "REFER_TO_PROVINCIAL", "TREAT_LOCALLY_WITH_FOLLOW_UP"]),
});

type Signed = Pick<ConsultationOpinion, "consultationId" | "version" | "authorId" | "findings" | "impression" | "recommendations" | "referralDecision" | "signedAt">;

/** The exact text that is signed: fixed field order, UTF-8 JSON. */
export function canonicalOpinionText(opinion: Signed): string {
  return JSON.stringify([
    "rmp-consultation-opinion-v1",
    opinion.consultationId,
    opinion.version,
    opinion.authorId,
    opinion.findings,
    opinion.impression,
    opinion.recommendations,
    opinion.referralDecision,
    opinion.signedAt.toISOString(),
  ]);
}

export async function signOpinion(db: Db, actor: SessionUser, consultationId: string, input: z.infer<typeof opinionSchema>, requestId?: string): Promise<ConsultationOpinion> {
  const { opinion, notifications } = await db.$transaction(async (tx) => {
    const consultation = await loadForUpdate(tx, consultationId);
    if (actor.role !== "SPECIALIST" || consultation.expertId !== actor.id) throw new ForbiddenError("consultation.opinionExpertOnly");
    if (consultation.status !== "OPINION_PENDING" && consultation.status !== "COMPLETED") throw new ValidationError("consultation.opinionNotYet");
    const key = await getOrCreateSigningKey(tx, actor.id);
    const last = await tx.consultationOpinion.findFirst({ where: { consultationId }, orderBy: { version: "desc" }, select: { version: true } });
    const draft = { consultationId, version: (last?.version ?? 0) + 1, authorId: actor.id, ...input, signedAt: new Date() };
    const signature = sm2Sign(canonicalOpinionText(draft), key.privateKey, { publicKey: key.publicKey });
    const opinion = await tx.consultationOpinion.create({ data: { ...draft, signature, publicKey: key.publicKey } });
    await discardOpinionDraft(tx, actor.id, consultationId);
    await audit(tx, { actorId: actor.id, actorRole: actor.role, action: "consultation.opinion.sign", targetType: "consultation", targetId: consultationId, requestId, details: { version: opinion.version } });
    let notifications: StoredNotification[];
    if (consultation.status === "OPINION_PENDING") {
      notifications = (await runTransition(tx, actor, consultationId, "complete", { requestId })).notifications;
    } else {
      notifications = await createNotifications(tx, [
        { userId: consultation.requesterId, kind: "consultation.opinionRevised", params: { number: consultation.number, version: opinion.version }, link: `/consultations/${consultationId}` },
      ]);
    }
    // The patient learns that the expert has answered; what it means for them comes as advice from their doctor.
    const resident = await tx.resident.findUnique({ where: { id: consultation.residentId }, select: { userId: true } });
    if (resident?.userId) {
      notifications = [
        ...notifications,
        ...(await createNotifications(tx, [
          { userId: resident.userId, kind: opinion.version === 1 ? "consultation.opinionReady" : "consultation.opinionUpdated", params: { number: consultation.number }, link: `/my-record/consultations/${consultationId}` },
        ])),
      ];
    }
    return { opinion, notifications };
  });
  publishNotifications(notifications);
  return opinion;
}

export interface Verification {
  valid: boolean;
  keyMatchesSigner: boolean;
  publicKey: string;
  algorithm: string;
  signedAt: Date;
  version: number;
}

export function verifyOpinionRow(opinion: ConsultationOpinion, signerPublicKey: string | null): Verification {
  let valid = false;
  try {
    valid = sm2Verify(canonicalOpinionText(opinion), opinion.signature, opinion.publicKey);
  } catch {
    valid = false;
  }
  return { valid, keyMatchesSigner: signerPublicKey === opinion.publicKey, publicKey: opinion.publicKey, algorithm: opinion.signatureAlgorithm, signedAt: opinion.signedAt, version: opinion.version };
}

export async function listOpinions(db: Db, actor: SessionUser, consultationId: string) {
  await accessibleConsultation(db, actor, await db.consultation.findUnique({ where: { id: consultationId } }));
  const opinions = await db.consultationOpinion.findMany({
    where: { consultationId },
    orderBy: { version: "desc" },
    include: { author: { select: { displayName: true, title: true, signingKey: { select: { publicKey: true } } } } },
  });
  return opinions.map((opinion) => ({ ...opinion, verification: verifyOpinionRow(opinion, opinion.author.signingKey?.publicKey ?? null) }));
}

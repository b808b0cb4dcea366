/**
 * The assigned expert's opinion as it is being written: saved as they type (the form sends it a
 * moment after each change), restored when they come back (another tab, a dropped connection, the
 * end of the call), and removed when they sign (server/consultation/opinion.ts). Only the expert
 * sees it; the signature, not the draft, is the record.
 */
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { accessibleConsultation } from "./access";
import { TEXT_LIMITS } from "./textLimits";
import type { Tx } from "./tx";

export const opinionDraftSchema = z
  .object({
    findings: z.string().max(TEXT_LIMITS.findings),
    impression: z.string().max(TEXT_LIMITS.impression),
    recommendations: z.string().max(TEXT_LIMITS.recommendations),
    referralDecision: z.enum(["NO_REFERRAL", "REFER_TO_PROVINCIAL", "TREAT_LOCALLY_WITH_FOLLOW_UP"]).nullable(),
  })
  .strict();

export type OpinionDraftInput = z.infer<typeof opinionDraftSchema>;

export interface OpinionDraftView extends OpinionDraftInput {
  savedAt: string;
}

/** A draft can be written from the start of the session until the opinion is final (and revised after). */
const DRAFTABLE = new Set(["IN_SESSION", "OPINION_PENDING", "COMPLETED"]);

async function draftableConsultation(db: Db, actor: SessionUser, consultationId: string) {
  const consultation = await accessibleConsultation(db, actor, await db.consultation.findUnique({ where: { id: consultationId } }), "consultation.opinion");
  if (!DRAFTABLE.has(consultation.status)) throw new ValidationError("consultation.opinionNotYet");
  return consultation;
}

export async function opinionDraftOf(db: Db, actor: SessionUser, consultationId: string): Promise<OpinionDraftView | null> {
  await draftableConsultation(db, actor, consultationId);
  const row = await db.opinionDraft.findUnique({ where: { consultationId_authorId: { consultationId, authorId: actor.id } } });
  if (!row) return null;
  return { findings: row.findings, impression: row.impression, recommendations: row.recommendations, referralDecision: row.referralDecision as OpinionDraftInput["referralDecision"], savedAt: row.updatedAt.toISOString() };
}

export async function saveOpinionDraft(db: Db, actor: SessionUser, consultationId: string, input: OpinionDraftInput): Promise<{ savedAt: string }> {
  await draftableConsultation(db, actor, consultationId);
  const key = { consultationId_authorId: { consultationId, authorId: actor.id } };
  const row = await db.opinionDraft.upsert({ where: key, create: { consultationId, authorId: actor.id, ...input }, update: input, select: { updatedAt: true } });
  return { savedAt: row.updatedAt.toISOString() };
}

/** With the signature, in its transaction: the draft has become the opinion. */
export async function discardOpinionDraft(tx: Tx, authorId: string, consultationId: string): Promise<void> {
  await tx.opinionDraft.deleteMany({ where: { consultationId, authorId } });
}

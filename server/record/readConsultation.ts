/**
 * The resident's own consultations in the portal (consultation.own: the resident, or a family
 * member who manages the record): the request's summary, the expert's signed opinion with its
 * signature checked, and the follow-up advice in plain language. Staff views stay with
 * consultation.read; a patient never opens the staff page.
 */
import { NotFoundError, type Missing } from "@/lib/errors";
import { assertAllowed, assertRole, type Actor } from "@/server/access/policy";
import { recordRelations } from "@/server/access/relations";
import { verifyOpinionRow } from "@/server/consultation/opinion";
import type { Db } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

/** Statuses a resident sees: a draft is still the doctor's and is not shown. */
const SHOWN = { not: "DRAFT" } as const;

async function assertOwn(db: Db, actor: Actor, residentId: string, missing: Missing = MISSING.consultation) {
  assertRole(actor, "consultation.own");
  const relations = await recordRelations(db, residentId);
  if (!relations) throw new NotFoundError(missing);
  assertAllowed(actor, "consultation.own", relations, missing);
}

/** The resident's consultations, newest first. */
export async function myConsultations(db: Db, actor: Actor, residentId: string) {
  await assertOwn(db, actor, residentId, MISSING.resident);
  const rows = await db.consultation.findMany({
    where: { residentId, status: SHOWN },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: 100,
    select: {
      id: true,
      number: true,
      status: true,
      type: true,
      specialty: true,
      scheduledStart: true,
      updatedAt: true,
      expert: { select: { displayName: true, title: true } },
      _count: { select: { opinions: true, advice: true } },
    },
  });
  return rows.map(({ _count, ...row }) => ({ ...row, hasOpinion: _count.opinions > 0, adviceCount: _count.advice }));
}

/** One of the resident's consultations with its opinion and advice; anyone else's is "not found". */
export async function myConsultation(db: Db, actor: Actor, consultationId: string) {
  const consultation = await db.consultation.findUnique({
    where: { id: consultationId },
    select: {
      id: true,
      residentId: true,
      number: true,
      status: true,
      type: true,
      specialty: true,
      urgency: true,
      clinicalSummary: true,
      question: true,
      scheduledStart: true,
      scheduledEnd: true,
      closedReason: true,
      resident: { select: { name: true } },
      requester: { select: { displayName: true, title: true } },
      requestingInstitution: { select: { name: true, nameEn: true } },
      expert: { select: { displayName: true, title: true, institution: { select: { name: true, nameEn: true } } } },
      opinions: { orderBy: { version: "desc" }, take: 1, include: { author: { select: { displayName: true, title: true, signingKey: { select: { publicKey: true } } } } } },
      advice: { orderBy: { publishedAt: "desc" }, select: { id: true, body: true, publishedAt: true, acknowledgedAt: true, author: { select: { displayName: true } } } },
    },
  });
  if (!consultation || consultation.status === "DRAFT") throw new NotFoundError(MISSING.consultation);
  await assertOwn(db, actor, consultation.residentId);
  const { opinions, ...rest } = consultation;
  const latest = opinions[0];
  return {
    ...rest,
    opinion: latest
      ? {
          version: latest.version,
          findings: latest.findings,
          impression: latest.impression,
          recommendations: latest.recommendations,
          referralDecision: latest.referralDecision,
          signedAt: latest.signedAt,
          author: latest.author.displayName,
          authorTitle: latest.author.title,
          signature: latest.signature,
          verification: verifyOpinionRow(latest, latest.author.signingKey?.publicKey ?? null),
        }
      : null,
  };
}

/**
 * 会诊意见书: what the printed opinion shows besides the opinion itself: the consultation opened as
 * its page opens it (read audited), the patient's sex and age at the request, their masked
 * document and health card, and the request's summary and question.
 */
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { consultationResidentSummary } from "@/server/healthcard/lookup";
import { SHANGHAI_OFFSET_MS } from "@/server/scheduling/time";
import { viewConsultation } from "./requests";

/** Whole years between a YYYY-MM-DD birth date and a moment (Beijing calendar days). */
export function ageOn(birthDate: string, at: Date): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return null;
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const [year, month, day] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
  const age = year - Number(match[1]) - (month < Number(match[2]) || (month === Number(match[2]) && day < Number(match[3])) ? 1 : 0);
  return age >= 0 ? age : null;
}

export async function opinionPrintView(db: Db, actor: SessionUser, consultationId: string, requestId?: string) {
  const consultation = await viewConsultation(db, actor, consultationId, requestId);
  const patient = await consultationResidentSummary(db, consultation.resident.id);
  const requestedAt = consultation.submittedAt ?? consultation.createdAt;
  return {
    consultation,
    patient: {
      name: patient.name,
      sex: patient.sex,
      age: patient.birthDate ? ageOn(patient.birthDate, requestedAt) : null,
      docType: patient.docType,
      docNumberMasked: patient.docNumberMasked,
      cardIdMasked: patient.cardIdMasked,
    },
    request: { clinicalSummary: consultation.clinicalSummary, question: consultation.question, requestedAt },
  };
}

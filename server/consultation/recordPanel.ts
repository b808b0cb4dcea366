/**
 * What the video room shows beside the video for a consultation's room: the patient, the
 * request's clinical summary and question, and its attachments, to those allowed to see the
 * consultation (getConsultation applies the same rule as the consultation page).
 */
import { isAppError } from "@/lib/errors";
import { getDb } from "@/server/db/client";
import type { RecordPanelProvider } from "@/server/video/recordPanel";
import { getConsultation } from "./requests";

function ageOn(birthDate: Date | null, today: Date): number | null {
  if (!birthDate) return null;
  let age = today.getUTCFullYear() - birthDate.getUTCFullYear();
  const beforeBirthday =
    today.getUTCMonth() < birthDate.getUTCMonth() || (today.getUTCMonth() === birthDate.getUTCMonth() && today.getUTCDate() < birthDate.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}

export const consultationRecordPanel: RecordPanelProvider = async ({ consultationId, user }) => {
  if (!consultationId) return null;
  try {
    const consultation = await getConsultation(getDb(), user, consultationId);
    const age = ageOn(consultation.resident.birthDate, new Date());
    return {
      patientName: age === null ? consultation.resident.name : `${consultation.resident.name} (${age})`,
      summary: ([
        { labelKey: "cons.field.number", value: consultation.number },
        { labelKey: "cons.field.summary", value: consultation.clinicalSummary },
        { labelKey: "cons.field.question", value: consultation.question },
      ] as const).filter((item) => item.value.trim() !== ""),
      attachments: consultation.attachments.map((attachment) => ({
        id: attachment.id,
        name: attachment.fileName,
        href: `/api/consultations/${consultationId}/attachments/${attachment.id}`,
      })),
    };
  } catch (error) {
    if (isAppError(error)) return null;
    throw error;
  }
};

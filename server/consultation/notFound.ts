/** What a consultation request can find missing; texts in ./messages.ts. */
import type { Missing } from "@/lib/errors";

export const CONSULTATION_MISSING = {
  consultation: { code: "CONSULTATION_NOT_FOUND", messageKey: "consultation.notFound" },
  attachment: { code: "ATTACHMENT_NOT_FOUND", messageKey: "consultation.attachmentNotFound" },
  patient: { code: "RESIDENT_NOT_FOUND", messageKey: "consultation.residentNotFound" },
  advice: { code: "ADVICE_NOT_FOUND", messageKey: "consultation.adviceNotFound" },
  adviceQuestion: { code: "ADVICE_QUESTION_NOT_FOUND", messageKey: "consultation.questionNotFound" },
} as const satisfies Record<string, Missing>;

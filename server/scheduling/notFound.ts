/** What scheduling can find missing; texts in server/consultation/messages.ts (scheduling.*). */
import type { Missing } from "@/lib/errors";

export const SCHEDULING_MISSING = {
  expert: { code: "EXPERT_NOT_FOUND", messageKey: "scheduling.expertNotFound" },
  availabilityException: { code: "AVAILABILITY_EXCEPTION_NOT_FOUND", messageKey: "scheduling.exceptionNotFound" },
} as const satisfies Record<string, Missing>;

/** What the health-card domain can find missing; texts in ./messages.ts. */
import type { Missing } from "@/lib/errors";

export const HEALTH_CARD_MISSING = {
  resident: { code: "RESIDENT_NOT_FOUND", messageKey: "healthCard.resident.notFound" },
  card: { code: "HEALTH_CARD_NOT_FOUND", messageKey: "healthCard.online.noCard" },
  terminal: { code: "TERMINAL_NOT_FOUND", messageKey: "healthCard.terminal.notFound" },
  importJob: { code: "IMPORT_JOB_NOT_FOUND", messageKey: "healthCard.import.notFound" },
} as const satisfies Record<string, Missing>;

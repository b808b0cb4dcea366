/** Dates are always shown in Asia/Shanghai, whatever the browser's zone. */
export function formatDateTime(value: string | Date | null | undefined, locale: string): string {
  if (!value) return "";
  return new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(value));
}

export function formatTime(value: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(value));
}

export function formatDay(value: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", month: "2-digit", day: "2-digit", weekday: "short" }).format(new Date(value));
}

export const STATUS_TONE: Record<string, "neutral" | "info" | "success" | "warning" | "danger"> = {
  DRAFT: "neutral",
  SUBMITTED: "info",
  ASSIGNED: "info",
  SCHEDULED: "warning",
  IN_SESSION: "warning",
  OPINION_PENDING: "warning",
  COMPLETED: "success",
  CANCELLED: "danger",
  WITHDRAWN: "neutral",
};

export const URGENCY_TONE: Record<string, "neutral" | "warning" | "danger"> = { ROUTINE: "neutral", URGENT: "warning", EMERGENCY: "danger" };

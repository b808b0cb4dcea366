import type { BadgeTone } from "@/components/ui/Badge";
import type { TeachingPhase } from "@/server/teaching/sessions";

export const PHASE_TONE: Record<TeachingPhase, BadgeTone> = { SCHEDULED: "info", LIVE: "warning", ENDED: "neutral", CANCELLED: "danger" };

/** "09:00–11:00" or, across midnight, both dates: the start's day is shown beside it. */
export function timeRange(start: Date | string, end: Date | string, locale: string): string {
  const time = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false });
  const day = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", weekday: "short" });
  const sameDay = day.format(new Date(start)) === day.format(new Date(end));
  return `${day.format(new Date(start))} ${time.format(new Date(start))}–${sameDay ? "" : `${day.format(new Date(end))} `}${time.format(new Date(end))}`;
}

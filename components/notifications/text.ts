import { formatDateTime } from "@/components/consultation/format";
import type { Params, TextKey } from "@/lib/i18n";

interface Describable {
  kind: string;
  params: Record<string, string | number>;
}

/** A notification's sentence in the reader's language (its time parameters in Asia/Shanghai). */
export function notificationText(item: Describable, t: (key: TextKey, params?: Params) => string, locale: string): string {
  const params: Params = { ...item.params };
  if (typeof params.startsAt === "string") params.startsAt = formatDateTime(params.startsAt, locale);
  return t(`notify.${item.kind}`, params);
}

/** What the badge shows: nothing at 0, the number up to 99, then "99+". */
export function badgeText(unread: number): string | null {
  if (unread <= 0) return null;
  return unread > 99 ? "99+" : String(unread);
}

/** The bell's accessible name says the exact count, even when the badge shows "99+". */
export function bellLabel(unread: number, t: (key: TextKey, params?: Params) => string): string {
  return unread > 0 ? t("notify.bell.label", { count: unread }) : t("notify.bell.labelNone");
}

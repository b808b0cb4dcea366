"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { useI18n } from "@/components/i18n/I18nProvider";
import { useNotifications } from "./NotificationsProvider";
import { badgeText, bellLabel, notificationText } from "./text";

/** The top bar's way to the notification center, with the unread count as a badge. */
export function NotificationBell() {
  const { t, locale } = useI18n();
  const { unread, live, subscribe } = useNotifications();
  const onCenter = usePathname() === "/notifications";
  const [announcement, setAnnouncement] = useState("");

  useEffect(
    () =>
      subscribe((item) => {
        // The notification center's list announces its own new rows.
        if (!onCenter) setAnnouncement(t("notify.bell.arrived", { text: notificationText(item, t, locale) }));
      }),
    [subscribe, onCenter, t, locale],
  );

  const badge = badgeText(unread);
  return (
    <>
      <Link href="/notifications" className="bell" aria-label={bellLabel(unread, t)} aria-current={onCenter ? "page" : undefined} data-testid="notification-bell" data-live={live}>
        <svg className="bell__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Zm-2 1H7v-6a5 5 0 0 1 10 0v6Z"
          />
        </svg>
        {badge ? (
          <span className="bell__badge" aria-hidden="true" data-testid="notification-badge">
            {badge}
          </span>
        ) : null}
      </Link>
      <span className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="notification-announcement">
        {announcement}
      </span>
    </>
  );
}

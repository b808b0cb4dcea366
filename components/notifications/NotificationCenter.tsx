"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { formatDateTime } from "@/components/consultation/format";
import { callApi } from "@/components/consultation/client";
import { useI18n } from "@/components/i18n/I18nProvider";
import { EmptyState } from "@/components/ui/EmptyState";
import { PendingButton } from "@/components/ui/PendingButton";
import type { LiveNotification } from "@/server/notifications/events";
import { useNotifications } from "./NotificationsProvider";
import { notificationText } from "./text";

export interface NotificationItem extends LiveNotification {
  readAt?: string | null;
}

interface Page {
  items: NotificationItem[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
}

/** The notification center: live (the tab's socket, see NotificationsProvider) and unread until marked read. */
export function NotificationCenter() {
  const { t, locale } = useI18n();
  const { live, subscribe, setUnread } = useNotifications();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);

  const [reloads, setReloads] = useState(0);
  const [marking, setMarking] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void callApi<Page>(`/api/notifications?page=${page}`).then((result) => {
      if (!current) return;
      if (result.ok) setData(result.data);
      else setError(result.error.message || t("cons.error.network"));
    });
    return () => {
      current = false;
    };
  }, [page, reloads, t]);

  useEffect(
    () =>
      subscribe((item) => {
        setData((current) => (current ? { ...current, items: [{ ...item, readAt: null }, ...current.items].slice(0, current.pageSize), unread: current.unread + 1, total: current.total + 1 } : current));
      }),
    [subscribe],
  );

  async function markRead(body: { ids: string[] } | { all: true }) {
    setMarking("ids" in body ? (body.ids[0] ?? null) : "all");
    const result = await callApi<{ unread: number }>("/api/notifications/read", { body });
    setMarking(null);
    if (!result.ok) {
      setError(result.error.message || t("cons.error.network"));
      return;
    }
    setUnread(result.data.unread);
    setReloads((n) => n + 1);
  }

  const text = (item: NotificationItem) => notificationText(item, t, locale);

  if (!data) return error ? <p className="notice notice--error">{error}</p> : <p role="status">{t("common.loading")}</p>;
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  return (
    <div className="stack">
      <div className="cons-title">
        <p role="status" data-testid="unread-count">
          {t("notify.center.unread", { count: data.unread })}
        </p>
        <span className="muted">{live ? t("notify.center.live") : t("notify.center.offline")}</span>
        {data.unread > 0 ? (
          <PendingButton className="button button--ghost" pending={marking === "all"} disabled={marking !== null} onClick={() => void markRead({ all: true })}>
            {t("notify.center.markAll")}
          </PendingButton>
        ) : null}
      </div>
      {error ? <p className="notice notice--error">{error}</p> : null}
      {data.items.length === 0 ? (
        <EmptyState message={t("notify.center.empty")} />
      ) : (
        <ul className="notif-list" data-testid="notifications" aria-live="polite">
          {data.items.map((item) => (
            <li key={item.id} data-unread={!item.readAt}>
              <span>
                {item.link ? <Link href={item.link}>{text(item)}</Link> : text(item)}
                <br />
                <span className="muted">{formatDateTime(item.createdAt, locale)}</span>
              </span>
              {!item.readAt ? (
                <PendingButton className="button button--ghost" pending={marking === item.id} disabled={marking !== null} onClick={() => void markRead({ ids: [item.id] })}>
                  {t("notify.center.markRead")}
                </PendingButton>
              ) : (
                <span className="muted">{t("notify.center.read")}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {pages > 1 ? (
        <nav className="pagination" aria-label={t("cons.page.nav")}>
          <button type="button" className="button button--ghost" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            {t("cons.page.previous")}
          </button>
          <span className="muted">{t("cons.page.status", { page, pages })}</span>
          <button type="button" className="button button--ghost" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
            {t("cons.page.next")}
          </button>
        </nav>
      ) : null}
    </div>
  );
}

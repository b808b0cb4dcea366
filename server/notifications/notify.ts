/**
 * Notifications: stored first (inside the caller's transaction, so they exist exactly when the
 * change they describe does), pushed live afterwards to the `user:<id>` socket.io rooms.
 */
import { log } from "@/lib/log";
import type { Tx } from "@/server/consultation/tx";
import { getRuntime } from "@/server/runtime";
import { NOTIFICATION_EVENT, UNREAD_EVENT, type UnreadPayload } from "./events";

export interface NotificationDraft {
  userId: string;
  kind: string;
  params?: Record<string, string | number>;
  link?: string;
  dedupeKey?: string;
}

export interface StoredNotification {
  id: string;
  userId: string;
  kind: string;
  params: unknown;
  link: string | null;
  createdAt: Date;
}

interface Emitter {
  to(room: string): { emit(event: string, payload: unknown): void };
}

export async function createNotifications(tx: Tx, drafts: NotificationDraft[]): Promise<StoredNotification[]> {
  const unique = new Map<string, NotificationDraft>();
  for (const draft of drafts) unique.set(`${draft.userId}:${draft.dedupeKey ?? draft.kind}`, draft);
  if (unique.size === 0) return [];
  return tx.notification.createManyAndReturn({
    data: [...unique.values()].map((draft) => ({
      userId: draft.userId,
      kind: draft.kind,
      params: draft.params ?? {},
      link: draft.link ?? null,
      dedupeKey: draft.dedupeKey ?? null,
    })),
    skipDuplicates: true,
    select: { id: true, userId: true, kind: true, params: true, link: true, createdAt: true },
  });
}

function liveEmitter(): Emitter | undefined {
  return getRuntime().io as Emitter | undefined;
}

/** Call after the transaction commits. Without socket.io (tests, scripts) it does nothing. */
export function publishNotifications(rows: StoredNotification[]): void {
  const io = liveEmitter();
  if (!io) return;
  for (const row of rows) {
    try {
      io.to(`user:${row.userId}`).emit(NOTIFICATION_EVENT, { id: row.id, kind: row.kind, params: row.params, link: row.link, createdAt: row.createdAt });
    } catch (error) {
      log.warn("live notification failed; it stays in the notification center", { notificationId: row.id, error });
    }
  }
}

/** Every open tab of the person shows the new count (e.g. after they read in another tab). */
export function publishUnreadCount(userId: string, unread: number): void {
  const io = liveEmitter();
  if (!io) return;
  const payload: UnreadPayload = { unread };
  try {
    io.to(`user:${userId}`).emit(UNREAD_EVENT, payload);
  } catch (error) {
    log.warn("live unread count failed; other tabs catch up when focused", { userId, error });
  }
}

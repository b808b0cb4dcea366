/** The notification center: a person's own notifications, unread until read. */
import { z } from "zod";
import type { Db } from "@/server/db/client";
import { publishUnreadCount } from "./notify";

export const PAGE_SIZE = 20;

export async function listNotifications(db: Db, userId: string, options: { page?: number; unreadOnly?: boolean } = {}) {
  const page = Math.max(1, options.page ?? 1);
  const where = options.unreadOnly ? { userId, readAt: null } : { userId };
  const [items, total, unread] = await Promise.all([
    db.notification.findMany({ where, orderBy: { createdAt: "desc" }, skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE }),
    db.notification.count({ where }),
    unreadCount(db, userId),
  ]);
  return { items, total, unread, page, pageSize: PAGE_SIZE };
}

/** The top bar's badge and the home page: this person's notifications not yet read. */
export function unreadCount(db: Db, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

export const markReadSchema = z.union([z.object({ ids: z.array(z.uuid()).min(1).max(100) }), z.object({ all: z.literal(true) })]);

/** Only the owner's rows are touched: the user id is part of every filter. The person's other tabs are told the new count. */
export async function markRead(db: Db, userId: string, request: z.infer<typeof markReadSchema>): Promise<{ updated: number; unread: number }> {
  const where = "ids" in request ? { userId, readAt: null, id: { in: request.ids } } : { userId, readAt: null };
  const { count } = await db.notification.updateMany({ where, data: { readAt: new Date() } });
  const unread = await unreadCount(db, userId);
  if (count > 0) publishUnreadCount(userId, unread);
  return { updated: count, unread };
}

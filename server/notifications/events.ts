/**
 * The socket.io events of the notification center, shared by the server (notify.ts) and the
 * browser (components/notifications): plain constants and types, no server imports.
 */
export const NOTIFICATION_EVENT = "notification";
/** The person's unread count changed without a new notification (read in some tab). */
export const UNREAD_EVENT = "notifications:unread";

export interface LiveNotification {
  id: string;
  kind: string;
  params: Record<string, string | number>;
  link: string | null;
  createdAt: string;
}

export interface UnreadPayload {
  unread: number;
}

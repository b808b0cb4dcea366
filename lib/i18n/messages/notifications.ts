/** The notification bell in the portal's top bar. */
import { defineMessages } from "../define";

export const notificationMessages = defineMessages({
  "notify.bell.label": { zh: "通知，{count} 条未读", en: "Notifications, {count} unread" },
  "notify.bell.labelNone": { zh: "通知，没有未读", en: "Notifications, none unread" },
  "notify.bell.arrived": { zh: "新通知：{text}", en: "New notification: {text}" },
});

/** Messages of the notification bell in the portal's top bar, registered in server/i18n/register.ts. */
type Entry = readonly [key: string, zhCN: string, en: string];

const ENTRIES: Entry[] = [
  ["notify.bell.label", "通知，{count} 条未读", "Notifications, {count} unread"],
  ["notify.bell.labelNone", "通知，没有未读", "Notifications, none unread"],
  ["notify.bell.arrived", "新通知：{text}", "New notification: {text}"],
];

export const notificationMessages: { "zh-CN": Record<string, string>; en: Record<string, string> } = {
  "zh-CN": Object.fromEntries(ENTRIES.map(([key, zh]) => [key, zh])),
  en: Object.fromEntries(ENTRIES.map(([key, , english]) => [key, english])),
};

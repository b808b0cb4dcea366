/** Messages of the video domain, registered in the i18n catalogue (lib/i18n/register.ts). */
const zhCN = {} as const;

export type VideoMessageKey = keyof typeof zhCN;

const en: Record<VideoMessageKey, string> = {};

export const videoMessages: { "zh-CN": Record<VideoMessageKey, string>; en: Record<VideoMessageKey, string> } = { "zh-CN": zhCN, en };

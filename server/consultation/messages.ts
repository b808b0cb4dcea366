/** Messages of the consultation domain, registered in the i18n catalogue (lib/i18n/register.ts). */
const zhCN = {} as const;

export type ConsultationMessageKey = keyof typeof zhCN;

const en: Record<ConsultationMessageKey, string> = {};

export const consultationMessages: { "zh-CN": Record<ConsultationMessageKey, string>; en: Record<ConsultationMessageKey, string> } = { "zh-CN": zhCN, en };

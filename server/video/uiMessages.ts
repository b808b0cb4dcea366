/** User-interface strings of the video pages (merged into messages.ts). */
const zhCN = {
  "nav.video": "视频会诊",
} as const;

type UiKey = keyof typeof zhCN;

const en: Record<UiKey, string> = {
  "nav.video": "Video consultations",
};

export const videoUiMessages: { "zh-CN": Record<UiKey, string>; en: Record<UiKey, string> } = { "zh-CN": zhCN, en };

/** Messages of the video domain, registered in the i18n catalogue (server/i18n/register.ts). */
import { videoUiMessages } from "./uiMessages";

const errorsZh = {
  "video.token.invalid": "入会凭证无效，请从“视频会诊”列表重新进入。",
  "video.token.expired": "入会凭证已过期，请刷新页面后重新进入。",
  "video.token.otherRoom": "该入会凭证属于另一场会诊，请从“视频会诊”列表进入本场会诊。",
  "video.token.otherUser": "该入会凭证不属于当前登录的账号，请重新进入。",
  "video.room.titleRequired": "请填写会诊标题。",
  "video.room.endBeforeStart": "结束时间必须晚于开始时间。",
  "video.room.noParticipants": "请至少指定一名参会人。",
  "video.room.unknownParticipant": "参会人中有不存在的账号，请检查后重试。",
  "video.room.notFound": "找不到该视频会诊，请从“视频会诊”列表进入。",
  "video.room.notAParticipant": "您不是该会诊的参会人，无法进入。如需参加，请联系远程医疗中心调度。",
  "video.room.ended": "该视频会诊已由主持人结束。",
  "video.chat.empty": "消息不能为空。",
  "video.chat.tooLong": "消息过长，请控制在 {max} 字以内。",
  "video.snapshot.tooLarge": "截图过大，无法保存（上限 4 MB）。",
  "video.snapshot.notPng": "截图格式无效，请重新截取。",
  "video.snapshot.notFound": "找不到该截图。",
  "video.lobby.badTransition": "当前状态下不能执行此操作，请刷新后重试。",
  "video.lobby.removedBefore": "您已被主持人移出本场会诊，如有疑问请联系主持人。",
  "video.lobby.notInRoom": "您尚未进入该会诊，请重新进入。",
  "video.lobby.stillWaiting": "请等待主持人允许您进入。",
  "video.lobby.notJoined": "您尚未接通音视频，请先点击“进入会诊”。",
  "video.lobby.removed": "主持人已将您移出本场会诊。",
  "video.host.only": "只有主持人（会诊专家或调度员）可以执行此操作。",
  "video.host.cannotRemoveSelf": "不能将自己移出会诊；如需离开，请点击“离开”。",
  "video.host.mutedYou": "{name} 已将您静音。需要发言时请点击“打开麦克风”。",
  "video.session.replaced": "您已在另一个窗口进入本场会诊，此窗口已断开。",
  "video.session.endedByHost": "{name} 已结束本场会诊。",
  "video.error.internal": "视频服务出现意外错误，请稍后重试。",
  "video.probe.unavailable": "网络检测暂不可用，您仍可直接进入会诊。",
  "video.probe.gone": "网络检测已超时，请重新检测。",
  "video.error.badMessage": "请求格式有误（{message}），请刷新页面后重试。",
  "video.error.signInAgain": "登录已失效，请重新登录后再进入会诊。",
} as const;

type ErrorKey = keyof typeof errorsZh;

const errorsEn: Record<ErrorKey, string> = {
  "video.token.invalid": "This join pass is not valid. Enter again from the Video consultations list.",
  "video.token.expired": "This join pass has expired. Reload the page and enter again.",
  "video.token.otherRoom": "This join pass belongs to another consultation. Enter this one from the Video consultations list.",
  "video.token.otherUser": "This join pass belongs to another account. Enter again.",
  "video.room.titleRequired": "Enter a title for the consultation.",
  "video.room.endBeforeStart": "The end time must be after the start time.",
  "video.room.noParticipants": "Name at least one participant.",
  "video.room.unknownParticipant": "One of the participants does not exist. Check the list and try again.",
  "video.room.notFound": "This video consultation does not exist. Enter from the Video consultations list.",
  "video.room.notAParticipant": "You are not a participant of this consultation. To take part, contact the telemedicine coordinator.",
  "video.room.ended": "The host has ended this video consultation.",
  "video.chat.empty": "A message cannot be empty.",
  "video.chat.tooLong": "The message is too long: keep it under {max} characters.",
  "video.snapshot.tooLarge": "The snapshot is too large to save (4 MB at most).",
  "video.snapshot.notPng": "The snapshot is not a valid image. Take it again.",
  "video.snapshot.notFound": "That snapshot does not exist.",
  "video.lobby.badTransition": "That is not possible right now. Reload and try again.",
  "video.lobby.removedBefore": "The host removed you from this consultation. Contact the host if this is a mistake.",
  "video.lobby.notInRoom": "You are not in this consultation. Enter again.",
  "video.lobby.stillWaiting": "Wait for the host to let you in.",
  "video.lobby.notJoined": "Your audio and video are not connected yet. Select Join first.",
  "video.lobby.removed": "The host removed you from this consultation.",
  "video.host.only": "Only the host (the consulting expert or a coordinator) can do this.",
  "video.host.cannotRemoveSelf": "You cannot remove yourself. To go, select Leave.",
  "video.host.mutedYou": "{name} muted you. Select Unmute when you want to speak.",
  "video.session.replaced": "You entered this consultation in another window; this one is disconnected.",
  "video.session.endedByHost": "{name} ended this consultation.",
  "video.error.internal": "Something went wrong in the video service. Try again shortly.",
  "video.probe.unavailable": "The network test is not available right now; you can still join.",
  "video.probe.gone": "The network test timed out. Run it again.",
  "video.error.badMessage": "The request was malformed ({message}). Reload the page and try again.",
  "video.error.signInAgain": "Your sign-in has expired. Sign in again, then enter the consultation.",
};

const zhCN = { ...errorsZh, ...videoUiMessages["zh-CN"] };

export type VideoMessageKey = keyof typeof zhCN;

const en: Record<VideoMessageKey, string> = { ...errorsEn, ...videoUiMessages.en };

export const videoMessages: { "zh-CN": Record<VideoMessageKey, string>; en: Record<VideoMessageKey, string> } = { "zh-CN": zhCN, en };

/** Messages of the SFU layer, registered in the i18n catalogue (server/i18n/register.ts). */
const zhCN = {
  "sfu.disabled": "视频服务未启用（SFU_WORKERS=0）。",
  "sfu.noHealthyWorker": "视频服务暂时不可用，正在恢复，请稍后重试。",
  "sfu.workerUnavailable": "视频服务暂时不可用，正在恢复，请稍后重试。",
  "sfu.poolClosed": "视频服务已停止。",
  "sfu.registryClosed": "视频服务已停止。",
  "sfu.workerBinaryMissing": "视频服务组件缺失，请管理员运行 scripts/install-system-deps.sh。",
  "sfu.cannotConsume": "您的浏览器无法接收此路音视频，请使用最新版 Chrome、Edge 或 Firefox。",
  "sfu.roomClosed": "该视频会诊已结束。",
  "sfu.roomRebuilding": "视频服务正在恢复，马上为您重新连接。",
  "sfu.roomUnstable": "视频服务不稳定，请稍后重新进入。",
  "sfu.peerAlreadyJoined": "您已在此会诊中（可能在另一个窗口）。",
  "sfu.peerNotInRoom": "您尚未进入该视频会诊。",
  "sfu.transportNotFound": "找不到该音视频连接，请重新进入会诊。",
  "sfu.recvTransportNotFound": "接收连接尚未建立，请稍候或重新进入会诊。",
  "sfu.notASendTransport": "该连接不能用于发送音视频。",
  "sfu.producerNotFound": "该路音视频已结束。",
  "sfu.producerNotInRoom": "该路音视频不属于本会诊。",
  "sfu.consumerNotFound": "该路接收已结束。",
  "sfu.invalidMediaParameters": "音视频连接参数有误，请刷新页面后重试。",
  "sfu.transportAborted": "连接已中断，请重试。",
  "sfu.producerAborted": "发送已中断，请重试。",
  "sfu.consumerAborted": "接收已中断，请重试。",
} as const;

export type SfuMessageKey = keyof typeof zhCN;

const en: Record<SfuMessageKey, string> = {
  "sfu.disabled": "Video is not enabled on this server (SFU_WORKERS=0).",
  "sfu.noHealthyWorker": "Video is recovering and briefly unavailable. Try again in a moment.",
  "sfu.workerUnavailable": "Video is recovering and briefly unavailable. Try again in a moment.",
  "sfu.poolClosed": "The video service has stopped.",
  "sfu.registryClosed": "The video service has stopped.",
  "sfu.workerBinaryMissing": "The video component is missing: an administrator must run scripts/install-system-deps.sh.",
  "sfu.cannotConsume": "Your browser cannot receive this stream. Use a current Chrome, Edge or Firefox.",
  "sfu.roomClosed": "This video consultation has ended.",
  "sfu.roomRebuilding": "Video is recovering; you will be reconnected in a moment.",
  "sfu.roomUnstable": "Video is unstable. Rejoin in a little while.",
  "sfu.peerAlreadyJoined": "You are already in this consultation (perhaps in another window).",
  "sfu.peerNotInRoom": "You have not joined this video consultation.",
  "sfu.transportNotFound": "That media connection no longer exists. Rejoin the consultation.",
  "sfu.recvTransportNotFound": "The receiving connection is not ready yet. Wait or rejoin.",
  "sfu.notASendTransport": "This connection cannot send media.",
  "sfu.producerNotFound": "That stream has ended.",
  "sfu.producerNotInRoom": "That stream does not belong to this consultation.",
  "sfu.consumerNotFound": "That incoming stream has ended.",
  "sfu.invalidMediaParameters": "The media connection parameters are wrong. Reload the page and try again.",
  "sfu.transportAborted": "The connection was interrupted. Try again.",
  "sfu.producerAborted": "Sending was interrupted. Try again.",
  "sfu.consumerAborted": "Receiving was interrupted. Try again.",
};

export const sfuMessages: { "zh-CN": Record<SfuMessageKey, string>; en: Record<SfuMessageKey, string> } = { "zh-CN": zhCN, en };

/** The SFU layer (media server) errors. */
import { defineMessages } from "../define";

export const sfuMessages = defineMessages({
  "sfu.disabled": { zh: "视频服务未启用（SFU_WORKERS=0）。", en: "Video is not enabled on this server (SFU_WORKERS=0)." },
  "sfu.noHealthyWorker": { zh: "视频服务暂时不可用，正在恢复，请稍后重试。", en: "Video is recovering and briefly unavailable. Try again in a moment." },
  "sfu.workerUnavailable": { zh: "视频服务暂时不可用，正在恢复，请稍后重试。", en: "Video is recovering and briefly unavailable. Try again in a moment." },
  "sfu.poolClosed": { zh: "视频服务已停止。", en: "The video service has stopped." },
  "sfu.registryClosed": { zh: "视频服务已停止。", en: "The video service has stopped." },
  "sfu.workerBinaryMissing": { zh: "视频服务组件缺失，请管理员运行 scripts/install-system-deps.sh。", en: "The video component is missing: an administrator must run scripts/install-system-deps.sh." },
  "sfu.cannotConsume": { zh: "您的浏览器无法接收此路音视频，请使用最新版 Chrome、Edge 或 Firefox。", en: "Your browser cannot receive this stream. Use a current Chrome, Edge or Firefox." },
  "sfu.roomClosed": { zh: "该视频会诊已结束。", en: "This video consultation has ended." },
  "sfu.roomRebuilding": { zh: "视频服务正在恢复，马上为您重新连接。", en: "Video is recovering; you will be reconnected in a moment." },
  "sfu.roomUnstable": { zh: "视频服务不稳定，请稍后重新进入。", en: "Video is unstable. Rejoin in a little while." },
  "sfu.peerAlreadyJoined": { zh: "您已在此会诊中（可能在另一个窗口）。", en: "You are already in this consultation (perhaps in another window)." },
  "sfu.peerNotInRoom": { zh: "您尚未进入该视频会诊。", en: "You have not joined this video consultation." },
  "sfu.transportNotFound": { zh: "找不到该音视频连接，请重新进入会诊。", en: "That media connection no longer exists. Rejoin the consultation." },
  "sfu.recvTransportNotFound": { zh: "接收连接尚未建立，请稍候或重新进入会诊。", en: "The receiving connection is not ready yet. Wait or rejoin." },
  "sfu.notASendTransport": { zh: "该连接不能用于发送音视频。", en: "This connection cannot send media." },
  "sfu.producerNotFound": { zh: "该路音视频已结束。", en: "That stream has ended." },
  "sfu.producerNotInRoom": { zh: "该路音视频不属于本会诊。", en: "That stream does not belong to this consultation." },
  "sfu.consumerNotFound": { zh: "该路接收已结束。", en: "That incoming stream has ended." },
  "sfu.transportAlreadyConnected": { zh: "该音视频连接已建立，无需重复连接。请刷新页面后重试。", en: "This media connection is already established. Reload the page and try again." },
  "sfu.invalidMediaParameters": { zh: "音视频连接参数有误，请刷新页面后重试。", en: "The media connection parameters are wrong. Reload the page and try again." },
  "sfu.transportAborted": { zh: "连接已中断，请重试。", en: "The connection was interrupted. Try again." },
  "sfu.producerAborted": { zh: "发送已中断，请重试。", en: "Sending was interrupted. Try again." },
  "sfu.consumerAborted": { zh: "接收已中断，请重试。", en: "Receiving was interrupted. Try again." },
});

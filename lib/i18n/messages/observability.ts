/** Operations: the metrics endpoint's refusals and what a room hears when the server shuts down. */
import { defineMessages } from "../define";

export const observabilityMessages = defineMessages({
  "metrics.tokenRequired": { zh: "读取监控指标需要有效的访问令牌（METRICS_TOKEN）。", en: "Reading the metrics needs a valid bearer token (METRICS_TOKEN)." },
  "metrics.addressNotAllowed": {
    zh: "此地址不允许读取监控指标。请从 METRICS_ALLOWED_ADDRESSES 中的地址访问，或使用访问令牌。",
    en: "Metrics may not be read from this address. Scrape from an address in METRICS_ALLOWED_ADDRESSES, or use the bearer token.",
  },
  "video.server.restarting": {
    zh: "平台服务器正在重启，视频将暂时中断。请稍候，页面会自动重新连接；如未恢复，请刷新页面。",
    en: "The platform's server is restarting and the video will pause. Wait a moment: the page reconnects by itself; if it does not, reload it.",
  },
});

/** The audit log page. */
import { defineMessages } from "../define";

export const auditMessages = defineMessages({
  "nav.audit": { zh: "审计日志", en: "Audit log" },
  "audit.title": { zh: "审计日志", en: "Audit log" },
  "audit.introPlatform": { zh: "平台上所有登录、病历访问与业务操作的记录，只能追加，不能修改或删除。", en: "Every sign-in, record access and action on the platform. Entries can only be added, never changed or deleted." },
  "audit.introInstitution": { zh: "本机构人员的登录、病历访问与业务操作记录，只能追加，不能修改或删除。", en: "Sign-ins, record accesses and actions of your institution's staff. Entries can only be added, never changed or deleted." },
  "audit.category": { zh: "类别", en: "Category" },
  "audit.category.all": { zh: "全部", en: "All" },
  "audit.category.auth.": { zh: "登录与账号", en: "Sign-in and accounts" },
  "audit.category.healthCard.": { zh: "电子健康卡", en: "Health card" },
  "audit.category.consultation.": { zh: "会诊", en: "Consultations" },
  "audit.category.video.": { zh: "视频会诊", en: "Video sessions" },
  "audit.filter": { zh: "筛选", en: "Filter" },
  "audit.empty": { zh: "没有符合条件的记录。", en: "No entries match." },
  "audit.time": { zh: "时间", en: "Time" },
  "audit.actor": { zh: "操作人", en: "By" },
  "audit.action": { zh: "操作", en: "Action" },
  "audit.target": { zh: "对象", en: "Record" },
  "audit.ip": { zh: "IP 地址", en: "IP address" },
  "audit.system": { zh: "系统", en: "System" },
  "audit.older": { zh: "查看更早的记录", en: "Older entries" },
});

/** The app shell: name, language switch, navigation, roles, institution levels, error and empty pages, common words. */
import { defineMessages } from "../define";

export const appMessages = defineMessages({
  "app.name": { zh: "远程医疗协同平台", en: "Remote Medicine Platform" },
  // Under the icon on a phone's home screen: a dozen characters at most.
  "app.shortName": { zh: "远程医疗", en: "Remote Medicine" },
  "app.tagline": { zh: "省县两级医院远程会诊与手术示教", en: "Remote consultation and surgical teaching between provincial and county hospitals" },
  "app.skipToContent": { zh: "跳到主要内容", en: "Skip to main content" },
  "locale.switchTo": { zh: "English", en: "中文" },
  "locale.label": { zh: "语言", en: "Language" },
  "textSize.large": { zh: "大字模式", en: "Large text" },
  "textSize.saveFailed": { zh: "未能保存字号设置，请检查网络后重试。", en: "The text size could not be saved: check the connection and try again." },

  "nav.home": { zh: "工作台", en: "Home" },
  "nav.signOut": { zh: "退出登录", en: "Sign out" },
  "nav.signingOut": { zh: "正在退出…", en: "Signing out…" },
  "nav.signedInAs": { zh: "当前用户：{name}（{role}）", en: "Signed in as {name} ({role})" },
  "nav.mainNavigation": { zh: "主导航", en: "Main navigation" },

  "role.COUNTY_DOCTOR": { zh: "县级医生", en: "County doctor" },
  "role.SPECIALIST": { zh: "专家", en: "Specialist" },
  "role.COORDINATOR": { zh: "远程医疗中心调度", en: "Coordinator" },
  "role.INSTITUTION_ADMIN": { zh: "机构管理员", en: "Institution admin" },
  "role.PLATFORM_ADMIN": { zh: "平台管理员", en: "Platform admin" },
  "role.PATIENT": { zh: "居民", en: "Resident" },
  "role.INTEGRATION": { zh: "机构系统接口", en: "Institution system" },
  "role.GUEST": { zh: "访客", en: "Guest" },

  "level.PROVINCIAL": { zh: "省级", en: "Provincial" },
  "level.CITY": { zh: "市级", en: "City" },
  "level.COUNTY": { zh: "县级", en: "County" },
  "level.TOWNSHIP": { zh: "乡镇", en: "Township" },
  "level.VILLAGE": { zh: "村级", en: "Village" },

  "page.notFound.title": { zh: "页面不存在", en: "Page not found" },
  "page.notFound.body": { zh: "您访问的页面不存在或已被移动。", en: "The page you asked for does not exist or has moved." },
  "page.notFound.back": { zh: "返回工作台", en: "Back to home" },
  "page.error.title": { zh: "页面出错了", en: "Something went wrong" },
  "page.error.body": { zh: "页面加载时出现问题。您可以重试；如果问题持续，请联系平台管理员。", en: "The page could not be loaded. Try again; if the problem persists, contact the platform admin." },
  "page.error.retry": { zh: "重试", en: "Try again" },
  "page.forbidden.title": { zh: "无权访问", en: "Access denied" },
  "page.forbidden.body": { zh: "您的账号角色不能访问此页面。如需访问，请联系机构管理员。", en: "Your role cannot open this page. Ask your institution admin if you need access." },
  "common.loading": { zh: "正在加载…", en: "Loading…" },
  "common.submitting": { zh: "正在提交…", en: "Sending…" },
  "common.textLimit.count": { zh: "{count} / {max} 字", en: "{count} / {max} characters" },
  "common.textLimit.over": { zh: "超出 {over} 字：最多 {max} 字。请删减后再提交。", en: "{over} characters over the limit of {max}. Shorten the text before sending." },
  "common.textLimit.fixFirst": { zh: "有文字超出字数上限，请先删减标出的内容。", en: "Some text is over its limit. Shorten the marked text first." },
});

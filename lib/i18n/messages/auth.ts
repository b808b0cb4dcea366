/** Sign-in page and sign-in errors. */
import { defineMessages } from "../define";

export const authMessages = defineMessages({
  "signIn.title": { zh: "登录", en: "Sign in" },
  "signIn.subtitle": { zh: "医护人员与居民请使用本人账号登录", en: "Staff and residents sign in with their own account" },
  "signIn.username": { zh: "用户名", en: "Username" },
  "signIn.password": { zh: "密码", en: "Password" },
  "signIn.submit": { zh: "登录", en: "Sign in" },
  "signIn.submitting": { zh: "正在登录…", en: "Signing in…" },
  "signIn.demoHint": { zh: "演示账号的密码均为 {password}", en: "Every demo account uses the password {password}" },
  "signIn.demoAccounts": { zh: "演示账号", en: "Demo accounts" },
  "signIn.required": { zh: "请输入用户名和密码。", en: "Enter your username and password." },
  "signIn.network": { zh: "无法连接服务器，请检查手机网络后再点“登录”。", en: "Cannot reach the server. Check your phone's connection, then tap “Sign in” again." },
  "signIn.signedOut": { zh: "您已安全退出。", en: "You have signed out." },
  "signIn.sessionExpired": { zh: "登录已过期，请重新登录。", en: "Your session has expired. Please sign in again." },

  "auth.invalidCredentials": { zh: "用户名或密码不正确，请检查后重试。", en: "The username or password is not correct. Check them and try again." },
  "auth.rateLimited": { zh: "登录尝试过于频繁，请 {seconds} 秒后再试。", en: "Too many sign-in attempts. Wait {seconds} seconds, then try again." },
  "auth.rateLimitedMinutes": { zh: "登录尝试过于频繁，请 {minutes} 分钟后再试。", en: "Too many sign-in attempts. Wait {minutes} minutes, then try again." },
  "auth.locked": { zh: "登录失败次数过多，账号已临时锁定，请 {minutes} 分钟后再试，或联系机构管理员。", en: "Too many failed sign-ins: the account is locked. Try again in {minutes} minutes or ask your institution admin." },
  "auth.disabled": { zh: "该账号已停用，请联系机构管理员。", en: "This account is disabled. Ask your institution admin." },
  "auth.unavailable": { zh: "暂时无法登录，请稍后重试。", en: "Sign-in is not available right now. Try again shortly." },
});

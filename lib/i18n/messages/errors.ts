/** Errors the HTTP boundary answers with (lib/errors.ts codes). */
import { defineMessages } from "../define";

export const errorMessages = defineMessages({
  "errors.validation": { zh: "提交的内容有误，请检查标注的字段。", en: "Some of what was sent is not valid. Check the highlighted fields." },
  "errors.unauthenticated": { zh: "请先登录。", en: "Please sign in first." },
  "errors.forbidden": { zh: "您没有权限执行此操作。", en: "You are not allowed to do this." },
  "errors.notFound": { zh: "找不到您要访问的内容。", en: "We could not find what you asked for." },
  "errors.conflict": { zh: "数据已被他人修改，请刷新后重试。", en: "Someone else changed this in the meantime. Reload and try again." },
  "errors.rateLimited": { zh: "操作过于频繁，请稍后再试。", en: "Too many requests. Wait a moment and try again." },
  "errors.crossSite": { zh: "此请求不是从本平台的页面发出的，已拒绝。请回到平台页面重新操作。", en: "This request did not come from the platform's own pages and was refused. Go back to the platform and try again there." },
  "errors.unsupportedMediaType": { zh: "请求内容的格式不受支持，应为 {expected}。", en: "The request body is not in a supported format: expected {expected}." },
  "errors.unavailable": { zh: "服务暂时不可用，请稍后重试。", en: "The service is not available right now. Try again shortly." },
  "errors.starting": { zh: "平台正在启动，请几秒后再试。", en: "The platform is starting. Try again in a few seconds." },
  "errors.internal": { zh: "系统出现问题，我们已记录。请稍后重试；如仍有问题，请联系平台管理员并提供编号 {requestId}。", en: "Something went wrong on our side and was recorded. Try again later; if it persists, contact the platform admin with reference {requestId}." },
  "errors.nulByte": { zh: "“{field}”中含有不可见的空字符（NUL），无法保存。请删除后重新输入，或从原文重新复制。", en: "\"{field}\" contains an invisible NUL character and cannot be saved. Delete it and type the text again, or copy it again from the original." },
  "errors.tooDeep": { zh: "提交的内容嵌套层数过多（上限 {depth} 层），无法处理。", en: "What was sent is nested too deeply (at most {depth} levels) and cannot be processed." },
  "errors.file.unrecognised": { zh: "无法识别这个文件的格式。只支持 {accepted} 文件。", en: "The format of this file is not recognised. Only {accepted} files are accepted." },
  "errors.file.notAccepted": { zh: "这个文件实际上是 {actual} 格式，不能上传。只支持 {accepted} 文件。", en: "This file is really {actual}, which cannot be uploaded. Only {accepted} files are accepted." },
  "errors.file.nameMismatch": { zh: "文件名表明是 {named}，但内容实际上是 {actual}。请确认文件后重新上传。只支持 {accepted} 文件。", en: "The file name says {named}, but the content is really {actual}. Check the file and upload it again. Only {accepted} files are accepted." },
  "errors.file.disguised": { zh: "这个文件开头像 {claimed}，但后面实际上是 {actual} 内容，已拒绝。只支持完整的 {accepted} 文件。", en: "This file starts like {claimed} but what follows is really {actual}; it was refused. Only complete {accepted} files are accepted." },
  "errors.file.damaged": { zh: "这个文件开头像 {claimed}，但不是完整有效的 {claimed} 文件（可能已损坏或被截断）。请重新导出后上传。只支持 {accepted} 文件。", en: "This file starts like {claimed} but is not a complete, valid {claimed} file (it may be damaged or cut short). Export it again and upload it. Only {accepted} files are accepted." },
  "errors.textTooLong": { zh: "文字太长：这一栏最多 {max} 个字符，现在是 {length} 个。请删减后再提交，内容不会被自动截断。", en: "The text is too long: at most {max} characters here, and it has {length}. Shorten it and send it again; nothing is cut off automatically." },
  "errors.bodyTooLarge": { zh: "提交的内容太大（上限 {limit}）。请减小文件或文字后重试。", en: "What was sent is too large (the limit is {limit}). Make the file or text smaller and try again." },
  "errors.lengthRequired": { zh: "请求缺少内容长度（Content-Length），已拒绝。", en: "The request did not say how long its body is (Content-Length) and was refused." },
  "errors.badJson": { zh: "请求内容不是有效的 JSON。", en: "The request body is not valid JSON." },
  "errors.apiNotFound": { zh: "没有这个接口：{path}", en: "There is no such API: {path}" },
});

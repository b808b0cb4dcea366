/** Messages of the consultation domain (errors, notifications, labels), registered in server/i18n/register.ts. */
import { CONSULTATION_UI_MESSAGES } from "./uiMessages";

type Entry = readonly [key: string, zhCN: string, en: string];

const DOMAIN: Entry[] = [
  ["consultation.illegalTransition", "此会诊当前的状态不允许这个操作（可能已被他人处理）。请刷新页面查看最新状态。", "This consultation's current status does not allow that action (someone may have handled it already). Reload the page to see the latest status."],
  ["consultation.notYourAction", "您无权对这份会诊执行此操作。", "You are not allowed to do this on this consultation."],
  ["consultation.stale", "这份会诊刚刚被其他人修改过。请刷新页面，查看最新内容后再操作。", "Someone else changed this consultation a moment ago. Reload the page, check the latest version, then try again."],
  ["consultation.notFound", "找不到这份会诊，或您无权查看。", "This consultation does not exist or you may not see it."],
  ["consultation.video.notScheduled", "这份会诊还没有安排时间（或已结束），暂时不能进入视频会诊。", "This consultation is not scheduled (or is over), so its video room cannot be opened."],
  ["consultation.countyDoctorsOnly", "只有所属医疗机构的申请方医生可以发起会诊申请。", "Only requesting doctors who belong to an institution can create consultation requests."],
  ["consultation.residentNotFound", "找不到该患者，请重新检索电子健康卡。", "Patient not found. Search the health card again."],
  ["consultation.preferredExpertInvalid", "所选的意向专家不存在或不是专家账号。", "The preferred expert does not exist or is not an expert."],
  ["consultation.onlyDraftsEditable", "只有草稿可以修改；已提交的申请请撤回后重新发起。", "Only drafts can be edited; withdraw a submitted request and create a new one."],
  ["consultation.incomplete", "请先填写病情摘要和咨询问题（各至少 5 个字）再提交。", "Fill in the clinical summary and the question (at least 5 characters each) before submitting."],
  ["consultation.consentRequired", "提交前必须先记录患者知情同意（谁同意、以何种方式）。", "Record the patient's consent (who consented and how) before submitting."],
  ["consultation.expertInvalid", "所选专家不存在或已停用。", "The chosen expert does not exist or is disabled."],
  ["consultation.opinionExpertOnly", "只有受邀专家本人可以签署会诊意见。", "Only the invited expert can sign the opinion."],
  ["consultation.opinionNotYet", "会诊结束后才能书写会诊意见。", "The opinion can be written once the session has ended."],
  ["consultation.adviceDoctorsOnly", "只有本次会诊的专家或申请医生可以发布随访建议和回答问题。", "Only this consultation's expert or requesting doctor can publish advice and answer questions."],
  ["consultation.adviceAfterOpinion", "会诊意见签署后才能发布随访建议。", "Follow-up advice can be published once the opinion is signed."],
  ["consultation.patientsOnly", "此页面仅供居民本人使用。", "This page is for residents only."],
  ["consultation.adviceNotFound", "找不到这条随访建议。", "This advice was not found."],
  ["consultation.questionNotFound", "找不到这个问题。", "This question was not found."],
  ["consultation.questionAlreadyAnswered", "这个问题已经有人回答了，请刷新页面查看。", "This question has already been answered; reload the page to see it."],
  ["consultation.attachmentsClosed", "会诊已开始或已结束，不能再添加附件。", "The consultation has started or ended; attachments can no longer be added."],
  ["consultation.attachmentEmpty", "文件是空的，请重新选择。", "The file is empty; choose another one."],
  ["consultation.attachmentTooLarge", "文件太大：单个附件不能超过 {maxMb} MB。请压缩或拆分后再上传。", "The file is too large: at most {maxMb} MB per attachment. Compress or split it and upload again."],
  ["consultation.attachmentType", "只支持 PDF、JPEG/PNG 图片和 DICOM 影像文件。", "Only PDF, JPEG/PNG images and DICOM files are accepted."],
  ["consultation.attachmentTooMany", "每份申请最多 {max} 个附件。", "At most {max} attachments per request."],
  ["consultation.attachmentNotFound", "找不到这个附件。", "Attachment not found."],
  ["consultation.attachmentMissing", "请选择要上传的文件。", "Choose a file to upload."],
  ["scheduling.ownCalendarOnly", "专家只能管理自己的出诊时间。", "Experts can only manage their own calendar."],
  ["scheduling.expertRequired", "请指定专家。", "Choose an expert."],
  ["scheduling.expertNotFound", "找不到该专家。", "Expert not found."],
  ["scheduling.endBeforeStart", "结束时间必须晚于开始时间。", "The end must be after the start."],
  ["scheduling.windowShorterThanSlot", "时段比一个号源的时长还短。", "The window is shorter than one slot."],
  ["scheduling.templatesOverlap", "同一天的出诊时段有重叠，请调整。", "Two windows on the same day overlap; adjust them."],
  ["scheduling.exceptionTooLong", "一条例外最长 90 天。", "An exception can last at most 90 days."],
  ["scheduling.exceptionNotFound", "找不到这条例外安排。", "Exception not found."],
  ["scheduling.slotTaken", "这个时间刚刚被占用了。请从下面列出的空闲时间中另选一个。", "This time was just taken. Choose one of the free times listed below."],
  ["scheduling.noExpert", "请先指派专家，再预约时间。", "Assign an expert before booking a time."],
  ["scheduling.slotInPast", "不能预约已经过去的时间。", "You cannot book a time in the past."],
  ["scheduling.reasonRequired", "改期需要填写原因。", "A reason is required to reschedule."],
];

const NOTIFY: Entry[] = [
  ["notify.consultation.submit", "新的会诊申请 {number}（{actor}）等待分诊。", "New consultation request {number} ({actor}) is waiting for triage."],
  ["notify.consultation.withdraw", "会诊申请 {number} 已被撤回：{reason}", "Consultation request {number} was withdrawn: {reason}"],
  ["notify.consultation.assign", "会诊 {number} 已指派专家（{actor}）。", "Consultation {number} was assigned to an expert ({actor})."],
  ["notify.consultation.accept", "专家 {actor} 已接受会诊 {number}。", "Expert {actor} accepted consultation {number}."],
  ["notify.consultation.decline", "{actor} 婉拒了会诊 {number}，已退回分诊队列：{reason}", "{actor} declined consultation {number}; it is back in the triage queue: {reason}"],
  ["notify.consultation.schedule", "会诊 {number} 已预约在 {startsAt}。", "Consultation {number} is booked for {startsAt}."],
  ["notify.consultation.reschedule", "会诊 {number} 改期到 {startsAt}：{reason}", "Consultation {number} moved to {startsAt}: {reason}"],
  ["notify.consultation.cancel", "会诊 {number} 已取消：{reason}", "Consultation {number} was cancelled: {reason}"],
  ["notify.consultation.startSession", "会诊 {number} 的视频会诊已开始。", "The video session of consultation {number} has started."],
  ["notify.consultation.endSession", "会诊 {number} 的视频会诊已结束，等待专家出具意见。", "The session of consultation {number} ended; the expert's opinion is pending."],
  ["notify.consultation.complete", "会诊 {number} 的会诊意见已由 {actor} 签署。", "The opinion of consultation {number} was signed by {actor}."],
  ["notify.consultation.opinionRevised", "会诊 {number} 的会诊意见已更新为第 {version} 版。", "The opinion of consultation {number} was revised (version {version})."],
  ["notify.reminder.24h", "候诊提醒：会诊 {number} 将于 {startsAt} 开始（约 24 小时后）。", "Reminder: consultation {number} starts at {startsAt} (in about 24 hours)."],
  ["notify.reminder.15m", "候诊提醒：会诊 {number} 将于 {startsAt} 开始（15 分钟内），请做好准备。", "Reminder: consultation {number} starts at {startsAt} (within 15 minutes); please get ready."],
  ["notify.advice.published", "{doctor} 医生给您发送了随访建议，请查看并确认。", "Dr {doctor} sent you follow-up advice; please read and acknowledge it."],
  ["notify.advice.question", "患者对会诊 {number} 的随访建议提出了问题。", "The patient asked a question about the advice of consultation {number}."],
  ["notify.advice.answered", "{doctor} 医生回答了您的问题。", "Dr {doctor} answered your question."],
];

const entries = [...DOMAIN, ...NOTIFY, ...CONSULTATION_UI_MESSAGES];
const zhCN: Record<string, string> = Object.fromEntries(entries.map(([key, zh]) => [key, zh]));
const en: Record<string, string> = Object.fromEntries(entries.map(([key, , english]) => [key, english]));

export type ConsultationMessageKey = string;

export const consultationMessages: { "zh-CN": Record<ConsultationMessageKey, string>; en: Record<ConsultationMessageKey, string> } = { "zh-CN": zhCN, en };

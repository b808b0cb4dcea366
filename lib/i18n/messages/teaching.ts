/** Surgical teaching (远程手术示教): scheduling, registration, watching, attendance; errors and notifications. */
import { defineMessages } from "../define";

export const teachingMessages = defineMessages({
  // ---- errors
  "teaching.notFound": { zh: "找不到该手术示教，或您无权查看。", en: "This teaching session was not found, or you may not see it." },
  "teaching.registration.notFound": { zh: "该学员未报名本场示教。", en: "This trainee is not registered for this session." },
  "teaching.startInPast": { zh: "开始时间必须晚于现在。", en: "The start must be in the future." },
  "teaching.surgeonIsModerator": { zh: "主刀医生不能同时担任主持人，请另选一位主持人。", en: "The operating surgeon cannot also moderate. Choose another moderator." },
  "teaching.surgeonInvalid": { zh: "主刀医生须为在岗的专家账号。", en: "The operating surgeon must be an active specialist account." },
  "teaching.moderatorInvalid": { zh: "主持人须为在岗的调度员或专家账号。", en: "Each moderator must be an active coordinator or specialist account." },
  "teaching.operatingRoomInvalid": { zh: "所选手术室不存在或已停用。", en: "The chosen operating room does not exist or is out of use." },
  "teaching.cameraKitInvalid": { zh: "所选摄像设备不存在、已停用，或不属于该手术室所在医院。", en: "The chosen camera kit does not exist, is out of use, or belongs to another hospital than the operating room." },
  "teaching.institutionInvalid": { zh: "受邀机构中有不存在的机构。", en: "One of the invited institutions does not exist." },
  "teaching.notScheduled": { zh: "该示教已取消，不能再修改。", en: "This session was cancelled and can no longer be changed." },
  "teaching.busy.surgeon": { zh: "主刀医生 {name} 在该时段已有示教“{title}”（{from} – {to}），请另选时间或医生。", en: "The surgeon {name} is already in “{title}” ({from} – {to}). Choose another time or surgeon." },
  "teaching.busy.operatingRoom": { zh: "手术室 {name} 在该时段已被示教“{title}”占用（{from} – {to}），请另选时间或手术室。", en: "The operating room {name} is already booked for “{title}” ({from} – {to}). Choose another time or room." },
  "teaching.busy.cameraKit": { zh: "摄像设备 {name} 在该时段已被示教“{title}”占用（{from} – {to}），请另选时间或设备。", en: "The camera kit {name} is already booked for “{title}” ({from} – {to}). Choose another time or kit." },
  "teaching.registrationClosed": { zh: "本场示教已结束或已取消，不能再报名。", en: "This session has ended or was cancelled: registration is closed." },
  "teaching.traineeInvalid": { zh: "只能为本机构在岗的医生报名。", en: "You can register only your own institution's active clinicians." },
  "teaching.traineeRequired": { zh: "请选择要报名的学员。", en: "Choose the trainees to register." },
  "teaching.selfOnly": { zh: "您只能为自己报名或取消报名。", en: "You can register or cancel only for yourself." },
  "teaching.hostNotTrainee": { zh: "主刀医生和主持人无需报名，可直接进入示教。", en: "The surgeon and the moderators need no registration: they enter directly." },
  "teaching.resourceCodeTaken": { zh: "该医院已有编号相同的手术室或设备。", en: "This hospital already has an operating room or kit with that code." },
  "teaching.room.noLongerRegistered": { zh: "您已不在本场示教的名单中，观看已结束。", en: "You are no longer on this session's list: watching has ended." },
  "teaching.room.cancelled": { zh: "本场示教已取消。", en: "This teaching session was cancelled." },
  // ---- notifications (kind teaching.*; {title}, {startsAt})
  "notify.teaching.presenting": { zh: "手术示教“{title}”已安排：您主刀，{startsAt} 开始。", en: "Teaching session “{title}” is scheduled: you operate, starting {startsAt}." },
  "notify.teaching.moderating": { zh: "手术示教“{title}”已安排：请您担任主持人，{startsAt} 开始。", en: "Teaching session “{title}”: you moderate, starting {startsAt}." },
  "notify.teaching.invited": { zh: "贵院受邀参加手术示教“{title}”（{startsAt} 开始），请为学员报名。", en: "Your institution is invited to the teaching session “{title}” ({startsAt}). Register your trainees." },
  "notify.teaching.moved": { zh: "手术示教“{title}”的时间已调整为 {startsAt}。", en: "The teaching session “{title}” now starts at {startsAt}." },
  "notify.teaching.cancelled": { zh: "手术示教“{title}”（原定 {startsAt}）已取消。", en: "The teaching session “{title}” (planned for {startsAt}) was cancelled." },
  "notify.teaching.registeredSelf": { zh: "您已报名手术示教“{title}”，{startsAt} 开始，届时将提醒您。", en: "You registered for the teaching session “{title}”, starting {startsAt}. We will remind you." },
  "notify.teaching.registeredByAdmin": { zh: "本院管理员已为您报名手术示教“{title}”，{startsAt} 开始。", en: "Your institution's admin registered you for the teaching session “{title}”, starting {startsAt}." },
  "notify.teaching.registrationEnded": { zh: "贵院已不在手术示教“{title}”的受邀名单中，您的报名已取消。", en: "Your institution is no longer invited to “{title}”: your registration was cancelled." },
  "notify.teaching.reminder.24h": { zh: "示教提醒：手术示教“{title}”将于 {startsAt} 开始（约 24 小时后）。", en: "Reminder: the teaching session “{title}” starts at {startsAt} (in about 24 hours)." },
  "notify.teaching.reminder.15m": { zh: "示教提醒：手术示教“{title}”将于 {startsAt} 开始（15 分钟内），请准备进入观看。", en: "Reminder: the teaching session “{title}” starts at {startsAt} (within 15 minutes). Get ready to watch." },
});

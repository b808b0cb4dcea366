/** The shared record's domain texts: errors and notifications (server/record). */
import { defineMessages } from "../define";

export const recordMessages = defineMessages({
  "record.file.notFound": { zh: "没有找到该文件，或您无权查看。", en: "No such file, or you may not open it." },
  "record.consent.notFound": { zh: "没有找到该授权。", en: "No such consent." },
  "record.consent.expiryInvalid": { zh: "请选择授权的截止日期。", en: "Choose the last day of the consent." },
  "record.consent.expiryPast": { zh: "截止日期不能早于今天。", en: "The last day cannot be in the past." },
  "record.consent.expiryTooFar": { zh: "授权最长 {days} 天，请选择更近的截止日期。", en: "A consent lasts at most {days} days; choose an earlier last day." },
  "record.consent.noSuchGrantee": { zh: "没有找到该医生或机构，请检查用户名或重新选择。", en: "No such clinician or institution; check the username or choose again." },
  "record.consent.selfGrant": { zh: "不能授权给自己。", en: "You cannot grant access to yourself." },
  "record.consent.notClinician": { zh: "只能授权给医生或医疗机构。", en: "Access can be granted only to a clinician or an institution." },
  "record.emergency.notFound": { zh: "没有找到该紧急调阅记录。", en: "No such emergency access." },
  "record.emergency.exactIdentifier": { zh: "紧急调阅需要准确的身份信息：证件号码、健康卡号、主索引号或健康码。", en: "Emergency access needs an exact identifier: document number, card ID, master index ID or health code." },
  "record.emergency.noInstitution": { zh: "您的账号未归属任何医疗机构，不能发起紧急调阅。", en: "Your account belongs to no institution, so it cannot open an emergency access." },
  "record.emergency.alreadyReviewed": { zh: "这次紧急调阅已经审核过了。", en: "This emergency access has already been reviewed." },
  "record.family.notFound": { zh: "没有找到该家人代管关系。", en: "No such family link." },
  "record.family.noSuchAccount": { zh: "没有找到该居民账号，请核对家属的用户名。", en: "No such patient account; check the family member's username." },
  "record.family.selfLink": { zh: "这是居民本人的账号，不能作为代管家人。", en: "That is the resident's own account; it cannot manage the record as family." },
  "record.family.alreadyLinked": { zh: "该家人已经在代管这份档案。", en: "This family member already manages the record." },
  "record.family.childOnly": { zh: "网上只能为未满 {age} 周岁的子女申领；其他家人请带证件到医院窗口办理。", en: "Online registration is for children under {age}; for other family members, come to a hospital window with the documents." },
  "record.family.documentHasCard": { zh: "该证件已经办理过健康卡。请带证件和户口本到医院窗口办理家人代管。", en: "This document already has a card. Bring the documents to a hospital window to manage it as family." },
  // notifications (notify.<kind>)
  "notify.record.consentGranted": { zh: "一位居民授权您查阅其共享健康档案，有效期至 {until}。", en: "A resident granted you access to their shared health record until {until}." },
  "notify.record.emergencyOpened": { zh: "{clinician} 医生紧急调阅了您的健康档案。您可以查看原因。", en: "Dr {clinician} opened your health record in an emergency. You can see the reason." },
  "notify.record.emergencyReview": { zh: "{clinician} 发起了一次紧急调阅，请审核。", en: "{clinician} opened an emergency access; please review it." },
  "notify.record.emergencyReviewed.JUSTIFIED": { zh: "您的一次紧急调阅已审核：合理。", en: "Your emergency access was reviewed: justified." },
  "notify.record.emergencyReviewed.NOT_JUSTIFIED": { zh: "您的一次紧急调阅已审核：不合理。请与机构管理员联系。", en: "Your emergency access was reviewed: not justified. Please contact your institution's admin." },
  "notify.record.familyLinked": { zh: "您已成为一位家人的健康档案代管人。", en: "You now manage a family member's health record." },
});

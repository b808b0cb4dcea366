/** Messages of the health-card domain, to be merged into lib/i18n (same keys in both languages). */
const zhCN = {
  "healthCard.residentId.wrongLength": "居民身份证号码应为 18 位，当前为 {length} 位。",
  "healthCard.residentId.illegalCharacters": "居民身份证号码前 17 位只能是数字，最后一位是数字或 X。",
  "healthCard.residentId.badRegion": "居民身份证号码的前 6 位不是有效的行政区划代码。",
  "healthCard.residentId.impossibleDate": "居民身份证号码中的出生日期不存在，请核对第 7 至 14 位。",
  "healthCard.residentId.futureDate": "居民身份证号码中的出生日期晚于今天。",
  "healthCard.residentId.tooEarly": "居民身份证号码中的出生日期早于 1900 年。",
  "healthCard.residentId.badSequence": "居民身份证号码的顺序码（第 15 至 17 位）不能为 000。",
  "healthCard.residentId.badCheckCharacter": "居民身份证号码的校验位（最后一位）不正确，请核对号码。",
  "healthCard.document.unknownType": "不支持的证件类型。",
  "healthCard.document.badFormat": "证件号码格式不正确（证件类型 {docType}）。",
  "healthCard.qr.malformed": "无法识别的二维码内容。",
  "healthCard.qr.expired": "二维码已过期，请刷新后重新出示。",
  "healthCard.qr.invalid": "二维码无效，不是本平台签发的电子健康卡。",
  "healthCard.qr.replayed": "该二维码已使用过，请刷新后重新出示。",
  "healthCard.pii.unreadable": "个人信息暂时无法读取，请联系系统管理员。",
} as const;

export type HealthCardMessageKey = keyof typeof zhCN;

const en: Record<HealthCardMessageKey, string> = {
  "healthCard.residentId.wrongLength": "A resident ID number has 18 characters; this one has {length}.",
  "healthCard.residentId.illegalCharacters":
    "A resident ID number has 17 digits followed by a digit or X.",
  "healthCard.residentId.badRegion": "The first 6 digits of the resident ID number are not a valid region code.",
  "healthCard.residentId.impossibleDate": "The birth date in the resident ID number does not exist; check digits 7 to 14.",
  "healthCard.residentId.futureDate": "The birth date in the resident ID number is later than today.",
  "healthCard.residentId.tooEarly": "The birth date in the resident ID number is before 1900.",
  "healthCard.residentId.badSequence": "The sequence number (digits 15 to 17) of the resident ID number cannot be 000.",
  "healthCard.residentId.badCheckCharacter":
    "The check character (last character) of the resident ID number is wrong; check the number.",
  "healthCard.document.unknownType": "This document type is not supported.",
  "healthCard.document.badFormat": "The document number has the wrong format (document type {docType}).",
  "healthCard.qr.malformed": "This QR code cannot be read as a health card code.",
  "healthCard.qr.expired": "The QR code has expired. Refresh it and show it again.",
  "healthCard.qr.invalid": "The QR code is not valid: it is not a health card issued by this platform.",
  "healthCard.qr.replayed": "This QR code has already been used. Refresh it and show it again.",
  "healthCard.pii.unreadable": "Personal data cannot be read at the moment. Contact the system administrator.",
};

export const healthCardMessages: { "zh-CN": Record<HealthCardMessageKey, string>; en: Record<HealthCardMessageKey, string> } = {
  "zh-CN": zhCN,
  en,
};

export default healthCardMessages;

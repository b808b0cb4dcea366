/** Home devices, vital signs, their charts and the care team's worklist of flagged readings (server/record/vitals*.ts, devices*.ts, alerts*.ts). */
import { defineMessages } from "../define";

export const vitalsMessages = defineMessages({
  // ---- a reading refused (server/record/vitals.ts checkVital, devicesIngest.ts); {where} is the reading's path, e.g. readings[3].value
  "vitals.problem.unit": { zh: "{where}：单位 “{unit}” 不适用于该项目，可用单位：{units}", en: "{where}: the unit “{unit}” is not one this measurement is taken in; use one of {units}" },
  "vitals.problem.range": { zh: "{where}：{value} {unit} 不可能是真实读数（允许范围 {min}–{max} {unit}）", en: "{where}: {value} {unit} cannot be a real reading (possible range {min}–{max} {unit})" },
  "vitals.problem.value2Required": { zh: "{where}：血压读数需要舒张压（value2）", en: "{where}: a blood-pressure reading needs the diastolic value (value2)" },
  "vitals.problem.value2NotAllowed": { zh: "{where}：只有血压读数有 value2（舒张压）", en: "{where}: only blood-pressure readings have value2 (diastolic)" },
  "vitals.problem.systolicNotAbove": { zh: "{where}：收缩压 {value} 应高于舒张压 {value2}", en: "{where}: the systolic pressure {value} must be above the diastolic {value2}" },
  "vitals.problem.shape": { zh: "{where}：格式不正确（{message}）", en: "{where}: not in the expected form ({message})" },
  "vitals.problem.future": { zh: "{where}：测量时间 {measuredAt} 晚于当前时间，请检查设备时钟", en: "{where}: the measurement time {measuredAt} is in the future; check the device's clock" },
  "vitals.problem.tooOld": { zh: "{where}：测量时间 {measuredAt} 早于一年前，请检查设备时钟", en: "{where}: the measurement time {measuredAt} is more than a year ago; check the device's clock" },
  "vitals.problem.deviceKind": { zh: "{where}：{kind} 不是此设备（{device}）测量的项目，它测量：{kinds}", en: "{where}: {kind} is not measured by this device ({device}); it measures {kinds}" },
  // ---- a batch refused (devicesIngest.ts)
  "vitals.ingest.notBatch": { zh: "请求体应为 {\"readings\": [...]}", en: "The body must be {\"readings\": [...]}" },
  "vitals.ingest.empty": { zh: "这批读数是空的", en: "The batch has no readings" },
  "vitals.ingest.tooMany": { zh: "每批最多 {max} 条读数，这批有 {count} 条，请分批上传", en: "A batch holds at most {max} readings; this one has {count}. Send it in smaller batches" },
  // ---- devices (devices.ts)
  "vitals.device.unauthenticated": { zh: "设备凭证无效或已被撤销，请在“我的设备”中重新配对", en: "The device token is not valid or was revoked; pair the device again under My devices" },
  "vitals.device.tooMany": { zh: "一份档案最多同时配对 {max} 台设备，请先撤销不用的设备", en: "A record can have at most {max} devices paired at once; revoke one you no longer use" },
  "vitals.device.notFound": { zh: "找不到该设备", en: "Device not found" },
  // ---- worklist (alertsWorklist.ts)
  "vitals.worklist.alertNotFound": { zh: "找不到该预警", en: "Alert not found" },
  "vitals.worklist.alreadyAcknowledged": { zh: "该预警已被其他人确认", en: "Someone else has already acknowledged this alert" },
  // ---- notifications to the care team (alerts.ts)
  "notify.vitals.flagged": { zh: "居民 {resident} 的家庭监测读数超出参考范围，请在“体征预警”中查看。", en: "Home readings of resident {resident} are outside the reference range; see Vital-sign alerts." },
  "notify.vitals.critical": { zh: "危急：居民 {resident} 的家庭监测读数达到危急值，请尽快在“体征预警”中处理。", en: "Critical: a home reading of resident {resident} reached a critical value; please act on it in Vital-sign alerts." },
});

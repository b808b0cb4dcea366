/** The home page (workbench) per role. */
import { defineMessages } from "../define";

export const homeMessages = defineMessages({
  "home.welcome": { zh: "{name}，您好", en: "Hello, {name}" },
  "home.institution": { zh: "所属机构：{institution}", en: "Institution: {institution}" },
  "home.COUNTY_DOCTOR.title": { zh: "县级医生工作台", en: "County doctor workspace" },
  "home.COUNTY_DOCTOR.intro": { zh: "为您的患者申请省级专家会诊，查看专家意见并安排随访。", en: "Request provincial expert consultations for your patients, read opinions and plan follow-up." },
  "home.COUNTY_DOCTOR.empty": { zh: "还没有会诊申请。通过电子健康卡找到患者后即可发起申请，您的申请会显示在这里。", en: "No consultation requests yet. Find a patient by health card to start one; your requests will appear here." },
  "home.SPECIALIST.title": { zh: "专家工作台", en: "Specialist workspace" },
  "home.SPECIALIST.intro": { zh: "查看邀请您参加的会诊，审阅共享病历，进入视频会诊并签署会诊意见。", en: "See consultations you are invited to, review shared records, join video sessions and sign opinions." },
  "home.SPECIALIST.empty": { zh: "目前没有待处理的会诊。协调员为您分配会诊后，会显示在这里。", en: "No consultations waiting for you. They appear here once a coordinator assigns one to you." },
  "home.COORDINATOR.title": { zh: "今日调度看板", en: "Today's board" },
  "home.COORDINATOR.intro": { zh: "分诊新提交的会诊申请，分配专家，安排会诊与手术示教。", en: "Triage submitted requests, assign experts, schedule consultations and teaching sessions." },
  "home.COORDINATOR.empty": { zh: "今日暂无待分诊的申请。县级医院提交申请后会实时出现在这里。", en: "Nothing to triage today. New requests from county hospitals appear here live." },
  "home.INSTITUTION_ADMIN.title": { zh: "机构管理", en: "Institution administration" },
  "home.INSTITUTION_ADMIN.intro": { zh: "管理本机构的医生、科室，并导入既往就诊卡。", en: "Manage your institution's doctors and departments and import legacy visit cards." },
  "home.INSTITUTION_ADMIN.empty": { zh: "本机构的医生与科室列表会显示在这里。", en: "Your institution's doctors and departments will be listed here." },
  "home.PLATFORM_ADMIN.title": { zh: "平台管理", en: "Platform administration" },
  "home.PLATFORM_ADMIN.intro": { zh: "管理接入的医疗机构，查看平台运行状态与审计日志。", en: "Manage connected institutions, watch the platform's health and read the audit log." },
  "home.PLATFORM_ADMIN.empty": { zh: "接入机构与运行状态会显示在这里。", en: "Connected institutions and platform health will be shown here." },
  "home.PATIENT.title": { zh: "我的健康", en: "My health" },
  "home.PATIENT.intro": { zh: "出示电子健康卡二维码，查看即将进行的会诊、随访建议，以及谁查看了您的病历。", en: "Show your e-health card QR code, see upcoming sessions, read follow-up advice and who read your records." },
  "home.PATIENT.empty": { zh: "您还没有会诊安排。医生为您安排远程会诊后，会显示在这里。", en: "No sessions planned. When your doctor arranges a remote consultation it will appear here." },
  "home.PATIENT.showCard": { zh: "出示健康卡二维码", en: "Show my health card QR code" },
});

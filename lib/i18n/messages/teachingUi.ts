/** The teaching pages: the list, the scheduling form, a session's page, watching, attendance. */
import { defineMessages } from "../define";

export const teachingUiMessages = defineMessages({
  "nav.teaching": { zh: "手术示教", en: "Surgical teaching" },
  "teaching.ui.role.PRESENTER": { zh: "主刀医生", en: "Operating surgeon" },
  "teaching.ui.role.MODERATOR": { zh: "主持人", en: "Moderator" },
  "teaching.ui.role.TRAINEE": { zh: "学员", en: "Trainee" },
  "teaching.ui.csv.site": { zh: "站点（机构）", en: "Site (institution)" },
  "teaching.ui.csv.person": { zh: "姓名", en: "Name" },
  "teaching.ui.csv.role": { zh: "身份", en: "Role" },
  "teaching.ui.csv.registered": { zh: "已报名", en: "Registered" },
  "teaching.ui.csv.joined": { zh: "进入时间", en: "Joined" },
  "teaching.ui.csv.left": { zh: "离开时间", en: "Left" },
  "teaching.ui.csv.minutes": { zh: "时长（分钟）", en: "Minutes" },
  "teaching.ui.csv.yes": { zh: "是", en: "Yes" },
  "teaching.ui.csv.no": { zh: "否", en: "No" },
});

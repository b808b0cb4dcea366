/** The patient's upcoming consultations on the home page. */
import { defineMessages } from "../define";

export const upcomingMessages = defineMessages({
  "cons.upcoming.heading": { zh: "即将进行的会诊", en: "Upcoming consultations" },
  "cons.upcoming.when": { zh: "时间（北京时间）", en: "When (Beijing time)" },
  "cons.upcoming.expert": { zh: "专家", en: "Expert" },
  "cons.upcoming.specialty": { zh: "科室", en: "Specialty" },
  "cons.upcoming.notScheduled": { zh: "时间待定", en: "Time to be confirmed" },
  "cons.upcoming.noExpert": { zh: "待指派", en: "To be assigned" },
});

/** Texts of the patient's upcoming consultations on the home page (registered in server/i18n/register.ts). */
import { messagesFromRows } from "@/lib/i18n";

const rows: [key: string, zh: string, en: string][] = [
  ["cons.upcoming.heading", "即将进行的会诊", "Upcoming consultations"],
  ["cons.upcoming.when", "时间（北京时间）", "When (Beijing time)"],
  ["cons.upcoming.expert", "专家", "Expert"],
  ["cons.upcoming.specialty", "科室", "Specialty"],
  ["cons.upcoming.notScheduled", "时间待定", "Time to be confirmed"],
  ["cons.upcoming.noExpert", "待指派", "To be assigned"],
];

export const upcomingMessages = messagesFromRows(rows);

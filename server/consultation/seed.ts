/** Demo availability: every demo expert gets weekday clinic hours (Asia/Shanghai). Idempotent. */
import type { Logger } from "@/lib/log";
import type { Db } from "@/server/db/client";

const WEEKLY = [
  { startMinute: 8 * 60 + 30, endMinute: 11 * 60 + 30 },
  { startMinute: 14 * 60, endMinute: 17 * 60 },
];

export async function seedConsultationDemo(db: Db, logger?: Logger): Promise<void> {
  const experts = await db.user.findMany({ where: { role: "SPECIALIST", availabilityTemplates: { none: {} } }, select: { id: true } });
  if (experts.length === 0) return;
  await db.availabilityTemplate.createMany({
    data: experts.flatMap((expert) => [1, 2, 3, 4, 5].flatMap((weekday) => WEEKLY.map((window) => ({ expertId: expert.id, weekday, ...window, slotMinutes: 30 })))),
  });
  logger?.info("demo availability loaded", { experts: experts.length });
}

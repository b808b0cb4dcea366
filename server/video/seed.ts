/** A demo video room between the demo county doctor and the demo cardiologist (idempotent). */
import type { Logger } from "@/lib/log";
import type { Db } from "@/server/db/client";
import { ensureVideoRoom } from "./rooms";

export const DEMO_VIDEO_CONSULTATION_ID = "demo-video-consultation";

export async function seedVideoDemo(db: Db, logger?: Logger): Promise<void> {
  const users = await db.user.findMany({ where: { username: { in: ["county.doctor", "specialist"] } }, select: { id: true, username: true } });
  const doctor = users.find((user) => user.username === "county.doctor");
  const expert = users.find((user) => user.username === "specialist");
  if (!doctor || !expert) return;
  const existing = await db.videoRoom.findUnique({ where: { consultationId: DEMO_VIDEO_CONSULTATION_ID } });
  if (existing) return;
  const start = new Date();
  start.setMinutes(start.getMinutes() < 30 ? 0 : 30, 0, 0);
  await ensureVideoRoom(db, {
    consultationId: DEMO_VIDEO_CONSULTATION_ID,
    title: "心内科远程会诊：胸闷待查（演示）",
    scheduledStart: start,
    scheduledEnd: new Date(start.getTime() + 60 * 60_000),
    hostUserIds: [expert.id],
    participantUserIds: [doctor.id],
  });
  logger?.info("demo video room created");
}

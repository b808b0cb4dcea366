/** Calendar views: an expert's week and the coordinator's day board. */
import type { Db } from "@/server/db/client";
import { findFreeSlots } from "./availability";
import { DAY_MS, startOfShanghaiDay } from "./time";

export async function expertWeek(db: Db, expertId: string, weekStart: Date) {
  const from = startOfShanghaiDay(weekStart);
  const to = new Date(from.getTime() + 7 * DAY_MS);
  const [appointments, free] = await Promise.all([
    db.appointment.findMany({
      where: { cancelledAt: null, startsAt: { gte: from, lt: to }, holds: { some: { userId: expertId, active: true } } },
      include: { consultation: { select: { id: true, number: true, status: true, urgency: true, resident: { select: { name: true } }, requester: { select: { displayName: true } } } } },
      orderBy: { startsAt: "asc" },
    }),
    findFreeSlots(db, expertId, { from: new Date(Math.max(from.getTime(), Date.now())), days: Math.max(1, Math.ceil((to.getTime() - Math.max(from.getTime(), Date.now())) / DAY_MS)), limit: 500 }),
  ]);
  return { from, to, appointments, free: free.filter((slot) => slot.start < to) };
}

export async function dayBoard(db: Db, day: Date) {
  const from = startOfShanghaiDay(day);
  const to = new Date(from.getTime() + DAY_MS);
  return db.appointment.findMany({
    where: { cancelledAt: null, startsAt: { gte: from, lt: to } },
    include: {
      consultation: {
        select: { id: true, number: true, status: true, urgency: true, specialty: true, expert: { select: { displayName: true } }, requester: { select: { displayName: true } }, requestingInstitution: { select: { name: true, nameEn: true } } },
      },
    },
    orderBy: { startsAt: "asc" },
  });
}

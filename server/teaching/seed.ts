/**
 * Demo surgical teaching (idempotent): the provincial hospital's teaching operating room and its
 * camera kits, and a session tomorrow at 09:00 (Beijing time) the demo specialist presents and
 * the coordinator moderates, the two county hospitals invited, the Wuhua county doctor registered.
 */
import type { Logger } from "@/lib/log";
import { isUserRole } from "@/server/access/policy";
import type { SessionUser } from "@/server/auth/signIn";
import type { Role } from "@/server/db/generated/enums";
import type { Db } from "@/server/db/client";
import { DAY_MS, fromShanghai, toShanghai } from "@/server/scheduling/time";
import { registerTrainees } from "./registrations";
import { scheduleSession } from "./schedule";

const ROOM_CODE = "OR-TEACH-3";

function asSessionUser(user: { id: string; username: string; displayName: string; role: Role; institutionId: string | null }): SessionUser {
  if (!isUserRole(user.role)) throw new Error(`demo account ${user.username} has no user role`);
  return { ...user, role: user.role };
}

export async function seedTeachingDemo(db: Db, logger?: Logger): Promise<void> {
  const gdph = await db.institution.findUnique({ where: { code: "GDPH" }, select: { id: true } });
  const invited = await db.institution.findMany({ where: { code: { in: ["WHXPH", "ZJXPH"] } }, select: { id: true } });
  const people = await db.user.findMany({
    where: { username: { in: ["specialist", "coordinator", "county.doctor"] } },
    select: { id: true, username: true, displayName: true, role: true, institutionId: true },
  });
  const find = (username: string) => people.find((p) => p.username === username);
  const surgeon = find("specialist");
  const coordinator = find("coordinator");
  const trainee = find("county.doctor");
  if (!gdph || invited.length === 0 || !surgeon || !coordinator || !trainee) return;
  if (await db.operatingRoom.findUnique({ where: { institutionId_code: { institutionId: gdph.id, code: ROOM_CODE } } })) return;
  const room = await db.operatingRoom.create({ data: { institutionId: gdph.id, code: ROOM_CODE, name: "第三手术室（示教）" } });
  const kit = await db.cameraKit.create({ data: { institutionId: gdph.id, operatingRoomId: room.id, code: "KIT-TEACH-A", name: "示教摄像组 A（术野、腔镜、全景）" } });
  await db.cameraKit.create({ data: { institutionId: gdph.id, code: "KIT-TEACH-B", name: "示教摄像组 B（移动）" } });
  const tomorrow = toShanghai(new Date(Date.now() + DAY_MS));
  const session = await scheduleSession(db, asSessionUser(coordinator), {
    title: "经皮冠状动脉介入治疗（PCI）示教",
    procedure: "经桡动脉入路冠状动脉支架植入术",
    description: "重点讲解桡动脉穿刺、导引导管选择与支架定位；术中答疑由主持人统一收集。",
    surgeonId: surgeon.id,
    moderatorIds: [coordinator.id],
    operatingRoomId: room.id,
    cameraKitId: kit.id,
    startsAt: fromShanghai(tomorrow.year, tomorrow.month, tomorrow.day, 9 * 60),
    durationMinutes: 150,
    invitedInstitutionIds: invited.map((i) => i.id),
  });
  await registerTrainees(db, asSessionUser(trainee), session.id, {});
  logger?.info("demo teaching session created", { sessionId: session.id });
}

import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { attendanceCsv, sessionAttendance } from "./attendance";
import { registerTrainees } from "./registrations";
import { dueTeachingReminders, sweepTeachingReminders } from "./reminders";
import { cancelSession, changeSession, scheduleSession } from "./schedule";
import { futureStart, makeTeachingWorld, sessionInput, type TeachingWorld } from "./testing";

let db: Db;
let world: TeachingWorld;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeTeachingWorld(db);
});

const MINUTE = 60_000;

describe("teaching reminders", () => {
  it("reminds the trainees, surgeon and moderators 24 h and 15 min before, each once; a moved session for its new start; a cancelled one not", async () => {
    const startsAt = futureStart(200);
    const session = await scheduleSession(db, world.coordinator, sessionInput(world, startsAt, { invitedInstitutionIds: [world.countyId, world.otherCountyId] }));
    await registerTrainees(db, world.trainee, session.id, {});
    await registerTrainees(db, world.outsider, session.id, {});
    const reminders = async () =>
      (await db.notification.findMany({ where: { kind: { startsWith: "teaching.reminder." }, link: `/teaching/${session.id}` } })).map((n) => `${n.kind}@${(n.params as { startsAt: string }).startsAt}:${n.userId}`).sort();
    const everyone = [world.surgeon.id, world.coordinator.id, world.trainee.id, world.outsider.id];

    expect(await sweepTeachingReminders(db, new Date(startsAt.getTime() - 25 * 60 * MINUTE))).toBe(0);
    const dayBefore = new Date(startsAt.getTime() - 23 * 60 * MINUTE);
    expect((await dueTeachingReminders(db, dayBefore)).filter((r) => r.sessionId === session.id)).toEqual([{ sessionId: session.id, startsAt, kind: "24h" }]);
    await sweepTeachingReminders(db, dayBefore);
    await sweepTeachingReminders(db, dayBefore);
    expect(await reminders()).toEqual(everyone.map((id) => `teaching.reminder.24h@${startsAt.toISOString()}:${id}`).sort());

    // Moved an hour later: the day-before reminder goes again, for the new time.
    const later = new Date(startsAt.getTime() + 60 * MINUTE);
    await changeSession(db, world.coordinator, session.id, { expectedVersion: 1, startsAt: later });
    await sweepTeachingReminders(db, new Date(later.getTime() - 23 * 60 * MINUTE));
    const soon = new Date(later.getTime() - 10 * MINUTE);
    await sweepTeachingReminders(db, soon);
    await sweepTeachingReminders(db, soon);
    expect(await reminders()).toEqual(
      [
        ...everyone.map((id) => `teaching.reminder.24h@${startsAt.toISOString()}:${id}`),
        ...everyone.map((id) => `teaching.reminder.24h@${later.toISOString()}:${id}`),
        ...everyone.map((id) => `teaching.reminder.15m@${later.toISOString()}:${id}`),
      ].sort(),
    );

    const cancelled = await scheduleSession(db, world.coordinator, sessionInput(world, futureStart(210)));
    await cancelSession(db, world.coordinator, cancelled.id, { reason: "取消" });
    expect((await dueTeachingReminders(db, new Date(cancelled.startsAt.getTime() - 10 * MINUTE))).some((r) => r.sessionId === cancelled.id)).toBe(false);
  });
});

describe("attendance per site and trainee", () => {
  it("lists every registered trainee by site with their joins and minutes; an admin sees their own site only; CSV for export", async () => {
    const session = await scheduleSession(db, world.coordinator, sessionInput(world, futureStart(220), { invitedInstitutionIds: [world.countyId, world.otherCountyId] }));
    await registerTrainees(db, world.countyAdmin, session.id, { traineeIds: [world.trainee.id, world.colleague.id] });
    await registerTrainees(db, world.outsider, session.id, {});
    // Two sittings of the room as the signalling layer records them.
    const t0 = new Date("2026-12-20T01:00:00Z");
    const sitting = await db.videoSession.create({ data: { roomId: session.videoRoomId, startedAt: t0, endedAt: new Date(t0.getTime() + 120 * MINUTE) } });
    await db.videoAttendance.createMany({
      data: [
        { sessionId: sitting.id, userId: world.surgeon.id, joinedAt: t0, leftAt: new Date(t0.getTime() + 120 * MINUTE), leftReason: "ended" },
        { sessionId: sitting.id, userId: world.trainee.id, joinedAt: new Date(t0.getTime() + 5 * MINUTE), leftAt: new Date(t0.getTime() + 35 * MINUTE), leftReason: "disconnected" },
        { sessionId: sitting.id, userId: world.trainee.id, joinedAt: new Date(t0.getTime() + 40 * MINUTE), leftAt: new Date(t0.getTime() + 100 * MINUTE), leftReason: "left" },
        { sessionId: sitting.id, userId: world.outsider.id, joinedAt: new Date(t0.getTime() + 10 * MINUTE), leftAt: new Date(t0.getTime() + 20 * MINUTE), leftReason: "left" },
      ],
    });

    const all = await sessionAttendance(db, world.coordinator, session.id);
    const site = (name: string) => all.sites.find((s) => s.institutionName === name);
    expect(site("五华县人民医院")).toMatchObject({ registered: 2, attended: 1 });
    expect(site("五华县人民医院")!.people.map((p) => [p.displayName, p.role, p.joins.length, p.minutes])).toEqual(
      [
        [world.colleague.displayName, "TRAINEE", 0, 0],
        [world.trainee.displayName, "TRAINEE", 2, 90],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]), "zh-CN")),
    );
    expect(site("紫金县人民医院")).toMatchObject({ registered: 1, attended: 1, people: [expect.objectContaining({ userId: world.outsider.id, minutes: 10 })] });
    expect(site("省人民医院")!.people).toEqual([expect.objectContaining({ userId: world.surgeon.id, role: "PRESENTER", registered: false, minutes: 120 })]);

    const own = await sessionAttendance(db, world.countyAdmin, session.id);
    expect(own.sites.map((s) => s.institutionName)).toEqual(["五华县人民医院"]);
    await expect(sessionAttendance(db, world.trainee, session.id)).rejects.toMatchObject({ status: 403 });
    await expect(sessionAttendance(db, world.patient, session.id)).rejects.toMatchObject({ status: 404 });
    expect(await db.auditLog.count({ where: { action: "teaching.attendance.read", targetId: session.id } })).toBe(2);

    const csv = attendanceCsv(all, "zh-CN");
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toBe("站点（机构）,姓名,身份,已报名,进入时间,离开时间,时长（分钟）");
    expect(lines).toContain(`五华县人民医院,${world.trainee.displayName},学员,是,2026-12-20 09:05,2026-12-20 09:35,30`);
    expect(lines).toContain(`五华县人民医院,${world.colleague.displayName},学员,是,,,0`);
    expect(lines).toContain(`省人民医院,${world.surgeon.displayName},主刀医生,否,2026-12-20 09:00,2026-12-20 11:00,120`);
    expect(attendanceCsv(all, "en").split("\n")[0]).toContain("Site (institution),Name,Role");
  });

  it("keeps a name that looks like a spreadsheet formula as text", async () => {
    const view = { sessionId: "x", title: "t", sites: [{ institutionId: null, institutionName: "=HYPERLINK(\"http://x\")", registered: 0, attended: 0, people: [{ userId: "u", displayName: "+1", role: "TRAINEE" as const, registered: true, joins: [], minutes: 0 }] }] };
    const line = attendanceCsv(view, "zh-CN").trim().split("\n")[1];
    expect(line).toBe(`"'=HYPERLINK(""http://x"")",'+1,学员,是,,,0`);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/server/db/client";
import { testDatabaseKind, useTestDatabase } from "@/test/db";
import { makeUser } from "@/server/consultation/testing";
import { busyResourceOf, cancelSession, changeSession, scheduleSession } from "./schedule";
import { futureStart, makeTeachingWorld, sessionInput, type TeachingWorld } from "./testing";

let db: Db;
let world: TeachingWorld;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeTeachingWorld(db);
});

/** The refusal of a schedule or change, as the API would answer it. */
async function refusal(work: Promise<unknown>) {
  return work.then(
    () => null,
    (error: { status?: number; code?: string; messageKey?: string; params?: Record<string, string>; details?: unknown }) => ({
      status: error.status,
      code: error.code,
      messageKey: error.messageKey,
      params: error.params,
      details: error.details,
    }),
  );
}

describe(`scheduling a teaching session (${testDatabaseKind()})`, () => {
  it("stores the session with its moderators and invitations, a room the surgeon and moderators host, and tells the people concerned", async () => {
    const startsAt = futureStart(30);
    const session = await scheduleSession(db, world.coordinator, sessionInput(world, startsAt, { moderatorIds: [world.coordinator.id, world.assistant.id] }));
    expect(session).toMatchObject({ status: "SCHEDULED", version: 1, surgeonId: world.surgeon.id, startsAt, endsAt: new Date(startsAt.getTime() + 120 * 60_000) });
    expect((await db.teachingModerator.findMany({ where: { sessionId: session.id } })).map((m) => m.userId).sort()).toEqual([world.coordinator.id, world.assistant.id].sort());
    expect((await db.teachingInvitation.findMany({ where: { sessionId: session.id } })).map((i) => i.institutionId)).toEqual([world.countyId]);
    const room = await db.videoRoom.findUniqueOrThrow({ where: { id: session.videoRoomId }, include: { participants: true } });
    expect(room).toMatchObject({ title: "腹腔镜胆囊切除术示教", scheduledStart: startsAt, consultationId: null });
    expect(room.participants.map((p) => [p.userId, p.role]).sort()).toEqual(
      [
        [world.surgeon.id, "HOST"],
        [world.coordinator.id, "HOST"],
        [world.assistant.id, "HOST"],
      ].sort(),
    );
    const told = await db.notification.findMany({ where: { link: `/teaching/${session.id}` } });
    expect(told.map((n) => [n.userId, n.kind]).sort()).toEqual(
      [
        [world.surgeon.id, "teaching.presenting"],
        [world.coordinator.id, "teaching.moderating"],
        [world.assistant.id, "teaching.moderating"],
        [world.countyAdmin.id, "teaching.invited"],
      ].sort(),
    );
    expect(await db.auditLog.count({ where: { action: "teaching.schedule", targetId: session.id, actorId: world.coordinator.id } })).toBe(1);
  });

  it("refuses the surgeon, the operating room or the camera kit in two sessions at once (409 naming the busy one and the session holding it)", async () => {
    const startsAt = futureStart(40);
    const held = await scheduleSession(db, world.coordinator, sessionInput(world, startsAt, { title: "甲状腺癌根治术示教" }));
    const overlap = new Date(startsAt.getTime() + 60 * 60_000);
    const cases = [
      { resource: "surgeon", name: world.surgeon.displayName, input: { operatingRoomId: world.otherOperatingRoomId, cameraKitId: world.otherCameraKitId } },
      { resource: "operatingRoom", name: "第三手术室", input: { surgeonId: world.otherSurgeon.id, cameraKitId: world.otherCameraKitId } },
      { resource: "cameraKit", name: "腔镜示教摄像组 A", input: { surgeonId: world.otherSurgeon.id, operatingRoomId: world.otherOperatingRoomId } },
    ] as const;
    for (const { resource, name, input } of cases) {
      expect(await refusal(scheduleSession(db, world.coordinator, sessionInput(world, overlap, input))), resource).toEqual({
        status: 409,
        code: "RESOURCE_BUSY",
        messageKey: `teaching.busy.${resource}`,
        params: expect.objectContaining({ name, title: "甲状腺癌根治术示教" }),
        details: {
          resource,
          resourceId: expect.any(String),
          name,
          session: { id: held.id, title: "甲状腺癌根治术示教", startsAt: startsAt.toISOString(), endsAt: held.endsAt.toISOString() },
        },
      });
    }
    // Nothing of the refused sessions stays behind: no session, no orphan room.
    expect(await db.teachingSession.count({ where: { surgeonId: world.otherSurgeon.id, startsAt: overlap } })).toBe(0);
    expect(await db.videoRoom.count({ where: { scheduledStart: overlap } })).toBe(0);
    // Back to back is fine ([start, end) ranges), and so is everything at once in other resources.
    const next = await scheduleSession(db, world.coordinator, sessionInput(world, held.endsAt));
    expect(next.startsAt).toEqual(held.endsAt);
    const elsewhere = await scheduleSession(db, world.coordinator, sessionInput(world, overlap, { surgeonId: world.otherSurgeon.id, operatingRoomId: world.otherOperatingRoomId, cameraKitId: world.otherCameraKitId }));
    expect(elsewhere.status).toBe("SCHEDULED");
  });

  it("lets only one of many simultaneous bookings of one surgeon win", async () => {
    const startsAt = futureStart(50);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => scheduleSession(db, world.coordinator, sessionInput(world, new Date(startsAt.getTime() + i * 5 * 60_000), { operatingRoomId: world.otherOperatingRoomId, cameraKitId: world.otherCameraKitId }))),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected").map((o) => (o.reason as { code: string; details: { resource: string } }));
    expect(losers).toHaveLength(7);
    expect(losers.every((l) => l.code === "RESOURCE_BUSY" && l.details.resource !== undefined)).toBe(true);
  });

  it("the database itself refuses an overlapping write that bypasses the domain, and names the constraint", async () => {
    const a = await scheduleSession(db, world.coordinator, sessionInput(world, futureStart(60)));
    const b = await scheduleSession(db, world.coordinator, sessionInput(world, futureStart(61)));
    const error = await db.$executeRaw`UPDATE teaching_session SET starts_at = ${a.startsAt}, ends_at = ${a.endsAt} WHERE id = ${b.id}::uuid`.then(
      () => null,
      (e: unknown) => e,
    );
    expect(busyResourceOf(error)).toBe("surgeon");
    // A cancelled session holds nothing.
    await cancelSession(db, world.coordinator, a.id, { reason: "主刀医生临时外出会诊" });
    expect(await db.$executeRaw`UPDATE teaching_session SET starts_at = ${a.startsAt}, ends_at = ${a.endsAt} WHERE id = ${b.id}::uuid`).toBe(1);
  });

  it("moves a session with the version the coordinator saw; a clash or a stale version is refused", async () => {
    const first = await scheduleSession(db, world.coordinator, sessionInput(world, futureStart(70)));
    const second = await scheduleSession(db, world.coordinator, sessionInput(world, futureStart(71)));
    expect(await refusal(changeSession(db, world.coordinator, second.id, { expectedVersion: 1, startsAt: first.startsAt }))).toMatchObject({ status: 409, code: "RESOURCE_BUSY", details: { resource: "surgeon", session: { id: first.id } } });
    const moved = await changeSession(db, world.coordinator, second.id, { expectedVersion: 1, startsAt: futureStart(72), durationMinutes: 90 });
    expect(moved).toMatchObject({ version: 2, startsAt: futureStart(72), endsAt: new Date(futureStart(72).getTime() + 90 * 60_000) });
    expect(await db.videoRoom.findUniqueOrThrow({ where: { id: moved.videoRoomId } })).toMatchObject({ scheduledStart: futureStart(72) });
    expect(await refusal(changeSession(db, world.coordinator, second.id, { expectedVersion: 1, title: "旧版本的修改" }))).toMatchObject({ status: 409, code: "STALE_VERSION" });
  });

  it("answers bad input with 400 and says what is wrong", async () => {
    const startsAt = futureStart(80);
    const bad = async (overrides: Parameters<typeof sessionInput>[2]) => refusal(scheduleSession(db, world.coordinator, sessionInput(world, startsAt, overrides)));
    const countyKit = await db.cameraKit.create({ data: { institutionId: world.countyId, code: `K${Date.now()}`, name: "县医院摄像机" } });
    const disabled = await makeUser(db, "SPECIALIST", world.provincialId);
    await db.user.update({ where: { id: disabled.id }, data: { disabled: true } });
    expect(await bad({ startsAt: new Date(Date.now() - 60_000) })).toMatchObject({ status: 400, messageKey: "teaching.startInPast" });
    expect(await bad({ surgeonId: world.trainee.id })).toMatchObject({ status: 400, messageKey: "teaching.surgeonInvalid" });
    expect(await bad({ surgeonId: disabled.id })).toMatchObject({ status: 400, messageKey: "teaching.surgeonInvalid" });
    expect(await bad({ moderatorIds: [world.surgeon.id] })).toMatchObject({ status: 400, messageKey: "teaching.surgeonIsModerator" });
    expect(await bad({ moderatorIds: [world.trainee.id] })).toMatchObject({ status: 400, messageKey: "teaching.moderatorInvalid" });
    expect(await bad({ cameraKitId: countyKit.id })).toMatchObject({ status: 400, messageKey: "teaching.cameraKitInvalid" });
    expect(await bad({ operatingRoomId: world.surgeon.id })).toMatchObject({ status: 400, messageKey: "teaching.operatingRoomInvalid" });
    expect(await bad({ invitedInstitutionIds: [world.surgeon.id] })).toMatchObject({ status: 400, messageKey: "teaching.institutionInvalid" });
  });

  it("a cancelled session frees its resources, closes its room and tells everyone taking part; it cannot be changed afterwards", async () => {
    const startsAt = futureStart(90);
    const session = await scheduleSession(db, world.coordinator, sessionInput(world, startsAt));
    const cancelled = await cancelSession(db, world.coordinator, session.id, { reason: "手术改期" });
    expect(cancelled).toMatchObject({ status: "CANCELLED", cancelReason: "手术改期", version: 2 });
    expect((await db.videoRoom.findUniqueOrThrow({ where: { id: session.videoRoomId } })).status).toBe("ENDED");
    expect(await db.notification.count({ where: { kind: "teaching.cancelled", link: `/teaching/${session.id}` } })).toBe(2);
    expect(await refusal(cancelSession(db, world.coordinator, session.id, { reason: "再次取消" }))).toMatchObject({ status: 409, code: "TEACHING_NOT_SCHEDULED" });
    expect(await refusal(changeSession(db, world.coordinator, session.id, { expectedVersion: 2, title: "改个名" }))).toMatchObject({ status: 409, code: "TEACHING_NOT_SCHEDULED" });
    expect((await scheduleSession(db, world.coordinator, sessionInput(world, startsAt))).status).toBe("SCHEDULED");
  });
});

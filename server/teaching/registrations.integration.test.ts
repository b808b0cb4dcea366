import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/server/db/client";
import { testDatabaseKind, useTestDatabase } from "@/test/db";
import { isAllowed } from "@/server/access/policy";
import { teachingRelations } from "@/server/access/relations";
import { makeUser } from "@/server/consultation/testing";
import { roomRelations } from "@/server/access/relations";
import { cancelRegistration, registerTrainees } from "./registrations";
import { cancelSession, changeSession, scheduleSession } from "./schedule";
import { getSessionView, listSessions } from "./sessions";
import { futureStart, makeTeachingWorld, sessionInput, type TeachingWorld } from "./testing";

let db: Db;
let world: TeachingWorld;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeTeachingWorld(db);
});

let day = 100;
/** A fresh session of the world (a day of its own, so no two overlap). */
async function newSession(overrides: Parameters<typeof sessionInput>[2] = {}) {
  return scheduleSession(db, world.coordinator, sessionInput(world, futureStart(day++), overrides));
}

const refused = (work: Promise<unknown>) => work.then(() => null, (error: { status?: number; code?: string; messageKey?: string }) => ({ status: error.status, code: error.code, messageKey: error.messageKey }));

async function viewerIds(roomId: string) {
  return (await db.videoRoomParticipant.findMany({ where: { roomId, role: "VIEWER" } })).map((p) => p.userId).sort();
}

describe(`registering for a teaching session (${testDatabaseKind()})`, () => {
  it("a clinician of an invited institution registers themselves and becomes a viewer of the room, a member but not a publisher", async () => {
    const session = await newSession();
    expect(await registerTrainees(db, world.trainee, session.id, {})).toEqual({ registered: [world.trainee.id] });
    expect(await viewerIds(session.videoRoomId)).toEqual([world.trainee.id]);
    const registration = await db.teachingRegistration.findUniqueOrThrow({ where: { sessionId_traineeId: { sessionId: session.id, traineeId: world.trainee.id } } });
    expect(registration).toMatchObject({ institutionId: world.countyId, source: "SELF", registeredById: world.trainee.id, cancelledAt: null });
    expect(await db.notification.count({ where: { userId: world.trainee.id, kind: "teaching.registeredSelf", link: `/teaching/${session.id}` } })).toBe(1);

    const room = (await roomRelations(db, session.videoRoomId))!;
    expect(isAllowed(world.trainee, "room.join", room)).toBe(true);
    expect(isAllowed(world.trainee, "room.publish", room)).toBe(false);
    expect(isAllowed(world.surgeon, "room.publish", room)).toBe(true);
    const relations = (await teachingRelations(db, session.id))!;
    expect(isAllowed(world.trainee, "teaching.watch", relations)).toBe(true);
    expect(isAllowed(world.colleague, "teaching.watch", relations)).toBe(false);
    // Registering again changes nothing.
    await registerTrainees(db, world.trainee, session.id, {});
    expect(await db.teachingRegistration.count({ where: { sessionId: session.id } })).toBe(1);
  });

  it("an institution admin registers their own clinicians, never another hospital's or a patient", async () => {
    const session = await newSession();
    expect(await registerTrainees(db, world.countyAdmin, session.id, { traineeIds: [world.trainee.id, world.colleague.id] })).toEqual({ registered: expect.arrayContaining([world.trainee.id, world.colleague.id]) });
    expect(await viewerIds(session.videoRoomId)).toEqual([world.trainee.id, world.colleague.id].sort());
    expect(await db.notification.count({ where: { kind: "teaching.registeredByAdmin", link: `/teaching/${session.id}` } })).toBe(2);
    const patient = await makeUser(db, "PATIENT", world.countyId);
    expect(await refused(registerTrainees(db, world.countyAdmin, session.id, { traineeIds: [world.outsider.id] }))).toEqual({ status: 400, code: "VALIDATION_FAILED", messageKey: "teaching.traineeInvalid" });
    expect(await refused(registerTrainees(db, world.countyAdmin, session.id, { traineeIds: [patient.id] }))).toEqual({ status: 400, code: "VALIDATION_FAILED", messageKey: "teaching.traineeInvalid" });
    expect(await refused(registerTrainees(db, world.countyAdmin, session.id, {}))).toEqual({ status: 400, code: "VALIDATION_FAILED", messageKey: "teaching.traineeRequired" });
  });

  it("refuses the uninvited (404: the session does not exist for them), a clinician registering someone else (403), the surgeon and moderators (400)", async () => {
    const session = await newSession();
    expect(await refused(registerTrainees(db, world.outsider, session.id, {}))).toEqual({ status: 404, code: "TEACHING_SESSION_NOT_FOUND", messageKey: "teaching.notFound" });
    expect(await refused(registerTrainees(db, world.outsiderAdmin, session.id, { traineeIds: [world.outsider.id] }))).toMatchObject({ status: 404, code: "TEACHING_SESSION_NOT_FOUND" });
    expect(await refused(registerTrainees(db, world.trainee, session.id, { traineeIds: [world.colleague.id] }))).toEqual({ status: 403, code: "FORBIDDEN", messageKey: "teaching.selfOnly" });
    // The presenter reads the session but is not invited: 403, not 404.
    expect(await refused(registerTrainees(db, world.surgeon, session.id, {}))).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(await refused(registerTrainees(db, world.trainee, "00000000-0000-4000-8000-000000000000", {}))).toMatchObject({ status: 404, code: "TEACHING_SESSION_NOT_FOUND" });
    const invitedProvince = await newSession({ invitedInstitutionIds: [world.countyId, world.provincialId] });
    expect(await refused(registerTrainees(db, world.coordinator, invitedProvince.id, {}))).toEqual({ status: 400, code: "VALIDATION_FAILED", messageKey: "teaching.hostNotTrainee" });
  });

  it("cancelling takes the trainee out of the room; registering again reopens the same row; an admin cancels only their own site's", async () => {
    const session = await newSession({ invitedInstitutionIds: [world.countyId, world.otherCountyId] });
    await registerTrainees(db, world.trainee, session.id, {});
    await registerTrainees(db, world.outsider, session.id, {});
    expect(await refused(cancelRegistration(db, world.countyAdmin, session.id, world.outsider.id))).toEqual({ status: 404, code: "TEACHING_REGISTRATION_NOT_FOUND", messageKey: "teaching.registration.notFound" });
    expect(await refused(cancelRegistration(db, world.trainee, session.id, world.outsider.id))).toMatchObject({ status: 404, code: "TEACHING_REGISTRATION_NOT_FOUND" });
    expect(await refused(cancelRegistration(db, world.colleague, session.id, world.trainee.id))).toMatchObject({ status: 404, code: "TEACHING_REGISTRATION_NOT_FOUND" });
    await cancelRegistration(db, world.trainee, session.id, world.trainee.id);
    expect(await viewerIds(session.videoRoomId)).toEqual([world.outsider.id]);
    expect(await refused(cancelRegistration(db, world.trainee, session.id, world.trainee.id))).toMatchObject({ status: 404, code: "TEACHING_REGISTRATION_NOT_FOUND" });
    await registerTrainees(db, world.trainee, session.id, {});
    const rows = await db.teachingRegistration.findMany({ where: { sessionId: session.id, traineeId: world.trainee.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ cancelledAt: null, cancelledById: null });
    await cancelRegistration(db, world.outsiderAdmin, session.id, world.outsider.id);
    expect(await viewerIds(session.videoRoomId)).toEqual([world.trainee.id]);
    expect(await db.auditLog.count({ where: { action: "teaching.unregister", targetId: session.id } })).toBe(2);
  });

  it("no registration once the session is cancelled; no longer inviting an institution ends its trainees' places", async () => {
    const closing = await newSession();
    await cancelSession(db, world.coordinator, closing.id, { reason: "设备检修" });
    expect(await refused(registerTrainees(db, world.trainee, closing.id, {}))).toEqual({ status: 409, code: "REGISTRATION_CLOSED", messageKey: "teaching.registrationClosed" });

    const session = await newSession({ invitedInstitutionIds: [world.countyId, world.otherCountyId] });
    await registerTrainees(db, world.trainee, session.id, {});
    await registerTrainees(db, world.outsider, session.id, {});
    await changeSession(db, world.coordinator, session.id, { expectedVersion: 1, invitedInstitutionIds: [world.countyId] });
    expect(await viewerIds(session.videoRoomId)).toEqual([world.trainee.id]);
    expect((await db.teachingRegistration.findUniqueOrThrow({ where: { sessionId_traineeId: { sessionId: session.id, traineeId: world.outsider.id } } })).cancelledAt).not.toBeNull();
    expect(await db.notification.count({ where: { userId: world.outsider.id, kind: "teaching.registrationEnded" } })).toBe(1);
    // A new moderator hosts the room; the one taken off does not any more.
    await changeSession(db, world.coordinator, session.id, { expectedVersion: 2, moderatorIds: [world.assistant.id] });
    const hosts = (await db.videoRoomParticipant.findMany({ where: { roomId: session.videoRoomId, role: "HOST" } })).map((p) => p.userId).sort();
    expect(hosts).toEqual([world.surgeon.id, world.assistant.id].sort());
  });
});

describe(`what people see of teaching sessions (${testDatabaseKind()})`, () => {
  it("lists a session to the centre, its presenter and moderators, the invited institutions and registered trainees, and to no one else", async () => {
    const session = await newSession({ invitedInstitutionIds: [world.countyId] });
    const sees = async (who: typeof world.trainee) => (await listSessions(db, who)).some((s) => s.id === session.id);
    for (const who of [world.coordinator, world.surgeon, world.trainee, world.colleague, world.countyAdmin]) expect(await sees(who), who.username).toBe(true);
    for (const who of [world.outsider, world.outsiderAdmin, world.otherSurgeon, world.patient]) expect(await sees(who), who.username).toBe(false);
    const view = await getSessionView(db, world.countyAdmin, session.id);
    expect(view.can).toEqual({ register: true, watch: false, schedule: false, attendance: true, moderate: false, present: false });
    expect(view.ownClinicians?.map((c) => c.id).sort()).toEqual([world.trainee.id, world.colleague.id].sort());
    expect(view.registrations).toBeNull();
    const surgeonView = await getSessionView(db, world.surgeon, session.id);
    expect(surgeonView.can).toMatchObject({ watch: true, present: true, register: false, moderate: false });
    await expect(getSessionView(db, world.outsider, session.id)).rejects.toMatchObject({ status: 404, code: "TEACHING_SESSION_NOT_FOUND" });
  });
});

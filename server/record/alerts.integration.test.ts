/**
 * Flagged readings reach the care team: one alert per flagged reading, notifications grouped per
 * resident, hour and severity (a burst sends one), pushed live over socket.io, to exactly the
 * people vitals.acknowledge admits (bounded); the worklist shows only residents in the reader's
 * care (a clinician of another institution sees nothing), and acknowledging is checked, noted and
 * audited. recordScope, the list twin, agrees with authorizeRecord's rules for every relation.
 * Also on the embedded database (vitest.config.ts).
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAllowed } from "@/server/access/policy";
import { recordRelations, recordScope } from "@/server/access/relations";
import type { SessionUser } from "@/server/auth/signIn";
import { signedInSession } from "@/server/auth/testing";
import { makeUser } from "@/server/consultation/testing";
import { getDb, type Db } from "@/server/db/client";
import { getPlatform } from "@/server/platform";
import { closeSocketServer, createSocketServer } from "@/server/realtime/socketServer";
import { useTestDatabase } from "@/test/db";
import { bp, clientOf, makeInstitution, makeRecordWorld, makeResident, pairedDevice, postReadings, startRecordEntry } from "@/test/devices";
import type { HttpEntry } from "@/test/httpEntry";
import { CARE_TEAM_NOTIFIED, careTeam, hourBucket, VitalAlertNotifier } from "./alerts";
import { listWorklist } from "./alertsWorklist";

let db: Db;
let entry: HttpEntry;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  entry = await startRecordEntry();
});

afterAll(() => entry.close());

/** A consultation row for the resident (no workflow): requested by `doctor`, assigned to `expert`. */
function consultation(residentId: string, doctor: SessionUser, status: "DRAFT" | "ASSIGNED" | "COMPLETED", expert: SessionUser | null = null) {
  return db.consultation.create({
    data: {
      number: `V${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.slice(0, 24),
      type: "REMOTE_CONSULTATION",
      specialty: "CARD",
      status,
      residentId,
      requesterId: doctor.id,
      requestingInstitutionId: doctor.institutionId as string,
      expertId: expert?.id ?? null,
    },
  });
}

/** Notifications group by clock hour: a test that counts them does not start in an hour's last 20 seconds. */
async function awayFromHourEnd(): Promise<void> {
  const left = 3_600_000 - (Date.now() % 3_600_000);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

const notificationsOf = (userId: string, kind?: string) => db.notification.findMany({ where: { userId, ...(kind ? { kind } : {}) }, orderBy: { createdAt: "asc" } });

/** A world with the care team spelled out. */
async function careWorld() {
  const world = await makeRecordWorld(db);
  const requesterElsewhere = await makeUser(db, "COUNTY_DOCTOR", world.otherId);
  const strangerAtOther = await makeUser(db, "COUNTY_DOCTOR", await makeInstitution(db));
  const formerExpert = await makeUser(db, "SPECIALIST", world.provincialId);
  const disabled = await makeUser(db, "COUNTY_DOCTOR", world.countyId);
  await db.user.update({ where: { id: disabled.id }, data: { disabled: true } });
  const admin = await makeUser(db, "INSTITUTION_ADMIN", world.countyId);
  // Open: the other hospital's doctor asked, the world's expert is assigned. Closed: the former expert's.
  await consultation(world.residentId, requesterElsewhere, "ASSIGNED", world.expert);
  await consultation(world.residentId, world.doctor, "COMPLETED", formerExpert);
  return { world, requesterElsewhere, strangerAtOther, formerExpert, disabled, admin };
}

describe("the care team", () => {
  it("is whom vitals.acknowledge admits: open consultations' doctor and expert, the resident's institutions' enabled clinicians", async () => {
    const { world, requesterElsewhere, strangerAtOther, formerExpert, disabled, admin } = await careWorld();
    const team = await careTeam(db, world.residentId);
    expect(team.userIds).toEqual(expect.arrayContaining([world.doctor.id, world.expert.id, requesterElsewhere.id]));
    // The other hospital requested a submitted consultation: its clinicians are the resident's institution's too.
    expect(team.userIds).toContain(world.stranger.id);
    for (const outsider of [strangerAtOther, formerExpert, disabled, admin, world.patient]) expect(team.userIds, outsider.username).not.toContain(outsider.id);
    const relations = await recordRelations(db, world.residentId);
    for (const id of team.userIds) {
      const user = await db.user.findUniqueOrThrow({ where: { id }, select: { id: true, role: true, institutionId: true } });
      expect(isAllowed(user, "vitals.acknowledge", relations!)).toBe(true);
    }
  });

  it("is bounded: everyone of the open consultations, then the institution's clinicians by latest sign-in, 25 in all", async () => {
    const countyId = await makeInstitution(db);
    const { residentId } = await makeResident(db, countyId, "钱很多");
    const clinicians: SessionUser[] = [];
    for (let i = 0; i < 40; i++) clinicians.push(await makeUser(db, "COUNTY_DOCTOR", countyId));
    await db.user.update({ where: { id: clinicians[39]!.id }, data: { lastLoginAt: new Date() } });
    const elsewhere = await makeUser(db, "COUNTY_DOCTOR", await makeInstitution(db));
    const expert = await makeUser(db, "SPECIALIST", await makeInstitution(db, "PROVINCIAL"));
    await consultation(residentId, elsewhere, "DRAFT");
    await db.consultation.create({ data: { number: `W${Date.now().toString(36)}`.slice(0, 24), type: "REMOTE_CONSULTATION", specialty: "CARD", status: "ASSIGNED", residentId, requesterId: clinicians[0]!.id, requestingInstitutionId: countyId, expertId: expert.id } });
    const team = await careTeam(db, residentId);
    expect(team.userIds).toHaveLength(CARE_TEAM_NOTIFIED);
    expect(team.userIds.slice(0, 3).sort()).toEqual([elsewhere.id, expert.id, clinicians[0]!.id].sort());
    expect(team.userIds).toContain(clinicians[39]!.id);
  });
});

describe("notifications of flagged readings", () => {
  it("one per person per resident and hour, however many flagged batches; a critical reading is told once more; live over socket.io", async () => {
    await awayFromHourEnd();
    const { world, requesterElsewhere, strangerAtOther } = await careWorld();
    const device = await pairedDevice(db, world.patient, world.residentId);

    const http: HttpServer = createServer();
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const io = await createSocketServer(http, getPlatform().authSecret, { publicOrigins: ["http://localhost:3000"] });
    const runtime = getPlatform().runtime;
    runtime.io = io;
    const socket: ClientSocket = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
      transports: ["websocket"],
      extraHeaders: { cookie: (await signedInSession(world.doctor.id)).cookie },
      reconnection: false,
      forceNew: true,
    });
    const live: { kind: string; params: Record<string, string>; link: string }[] = [];
    socket.on("notification", (payload: (typeof live)[number]) => live.push(payload));
    try {
      await new Promise<void>((resolve, reject) => (socket.on("connect", resolve), socket.on("connect_error", reject)));
      await expect.poll(async () => (await io.in(`user:${world.doctor.id}`).fetchSockets()).length).toBe(1);

      for (let batch = 0; batch < 3; batch++) {
        const readings = Array.from({ length: 100 }, (_, i) => bp(`b${batch}-${i}`, 150 + (i % 20), 95));
        expect((await postReadings(entry.base, device.token, { readings })).json).toMatchObject({ stored: 100, flagged: 100 });
      }
      expect(await db.vitalAlert.count({ where: { residentId: world.residentId } })).toBe(300);
      // The device was answered at once; the care team is told behind it.
      await getPlatform().vitalAlerts.idle();
      for (const member of [world.doctor, world.expert, requesterElsewhere]) {
        const told = await notificationsOf(member.id, "vitals.flagged");
        expect(told, member.username).toHaveLength(1);
        expect(told[0]).toMatchObject({ params: { resident: "王*庭" }, link: `/vitals?resident=${world.residentId}` });
      }
      expect(await notificationsOf(strangerAtOther.id)).toHaveLength(0);
      expect(await notificationsOf(world.patient.id)).toHaveLength(0);

      expect((await postReadings(entry.base, device.token, { readings: [bp("crit-1", 190, 115), bp("crit-2", 200, 120)] })).json).toMatchObject({ flagged: 2 });
      expect((await postReadings(entry.base, device.token, { readings: [bp("crit-3", 195, 118)] })).json).toMatchObject({ flagged: 1 });
      await getPlatform().vitalAlerts.idle();
      expect(await notificationsOf(world.doctor.id, "vitals.critical")).toHaveLength(1);
      // Normal readings tell nobody.
      expect((await postReadings(entry.base, device.token, { readings: [bp("fine", 118, 76)] })).json).toMatchObject({ flagged: 0 });
      await getPlatform().vitalAlerts.idle();
      expect(await notificationsOf(world.doctor.id)).toHaveLength(2);

      await expect.poll(() => live.map((n) => n.kind)).toEqual(["vitals.flagged", "vitals.critical"]);
      expect(live[1]).toMatchObject({ params: { resident: "王*庭" }, link: `/vitals?resident=${world.residentId}` });
    } finally {
      socket.close();
      delete runtime.io;
      await closeSocketServer(io);
      http.close();
    }
  });

  it("a burst queues one fan-out per resident, hour and severity", async () => {
    await awayFromHourEnd();
    const world = await makeRecordWorld(db);
    const notifier = new VitalAlertNotifier(db);
    const alert = [{ alertId: "x", readingId: "r", kind: "GLUCOSE" as const, flag: "HIGH" as const }];
    const fanOuts: Promise<number>[] = [];
    const notify = notifier.notify.bind(notifier);
    notifier.notify = (...args) => {
      const running = notify(...args);
      fanOuts.push(running);
      return running;
    };
    for (let i = 0; i < 20; i++) notifier.enqueue(world.residentId, alert);
    notifier.enqueue(world.residentId, [{ ...alert[0]!, flag: "CRITICAL_HIGH" }]);
    await notifier.idle();
    expect(await Promise.all(fanOuts)).toEqual([1, 1]);
    expect((await notificationsOf(world.doctor.id)).map((n) => n.kind).sort()).toEqual(["vitals.critical", "vitals.flagged"]);
  });

  it("another process (a fresh notifier) tells nobody twice in the same hour; the next hour is told again", async () => {
    const world = await makeRecordWorld(db);
    const now = new Date();
    const alert = [{ alertId: "x", readingId: "r", kind: "GLUCOSE" as const, flag: "HIGH" as const }];
    expect(await new VitalAlertNotifier(db).notify(world.residentId, alert, now)).toBe(1);
    expect(await new VitalAlertNotifier(db).notify(world.residentId, alert, now)).toBe(0);
    const nextHour = new Date(now.getTime() + 3_600_000);
    expect(hourBucket(nextHour)).not.toBe(hourBucket(now));
    expect(await new VitalAlertNotifier(db).notify(world.residentId, alert, nextHour)).toBe(1);
    expect(await notificationsOf(world.doctor.id, "vitals.flagged")).toHaveLength(2);
  });
});

describe("the worklist", () => {
  it("shows the resident's flagged readings to the care team, grouped by resident; a clinician of another institution sees nothing", async () => {
    const { world, strangerAtOther, requesterElsewhere } = await careWorld();
    const device = await pairedDevice(db, world.patient, world.residentId);
    await postReadings(entry.base, device.token, { readings: [bp("w1", 165, 100, 30), bp("w2", 118, 76, 20), bp("w3", 182, 96, 10)] });

    const forDoctor = await listWorklist(db, world.doctor, { residentId: world.residentId });
    expect(forDoctor.residents).toHaveLength(1);
    expect(forDoctor.residents[0]).toMatchObject({ id: world.residentId, name: world.residentName });
    expect(forDoctor.residents[0]?.alerts.map((a) => [a.reading.value, a.reading.value2, a.reading.flag, a.status])).toEqual([
      [182, 96, "CRITICAL_HIGH", "OPEN"],
      [165, 100, "HIGH", "OPEN"],
    ]);
    expect(forDoctor.residents[0]?.alerts[0]?.reading.deviceLabel).toMatch(/^BLOOD_PRESSURE_MONITOR/);
    expect((await listWorklist(db, world.expert, { residentId: world.residentId })).residents).toHaveLength(1);
    expect((await listWorklist(db, requesterElsewhere, { residentId: world.residentId })).residents).toHaveLength(1);
    const nothing = await listWorklist(db, strangerAtOther);
    expect(nothing.residents.find((r) => r.id === world.residentId)).toBeUndefined();
    expect((await listWorklist(db, strangerAtOther, { residentId: world.residentId })).total).toBe(0);
    await expect(listWorklist(db, world.patient)).rejects.toMatchObject({ status: 403 });
    await expect(listWorklist(db, await makeUser(db, "INSTITUTION_ADMIN", world.countyId))).rejects.toMatchObject({ status: 403 });
    expect(await db.auditLog.count({ where: { action: "record.vitals.worklist", actorId: world.doctor.id, targetId: world.residentId } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "record.vitals.worklist", actorId: strangerAtOther.id } })).toBe(0);
  });

  it("acknowledging: the care team with a note (audited, the alert leaves the open list); an outsider 404s; twice is 409", async () => {
    const { world, strangerAtOther } = await careWorld();
    const device = await pairedDevice(db, world.patient, world.residentId);
    await postReadings(entry.base, device.token, { readings: [bp("k1", 170, 100), bp("k2", 175, 104), bp("k3", 190, 112)] });
    const [open] = (await listWorklist(db, world.doctor, { residentId: world.residentId })).residents;
    const ids = open!.alerts.map((a) => a.id);
    expect(ids).toHaveLength(3);

    const outsider = await clientOf(entry.base, strangerAtOther);
    expect(await outsider.post("/api/vitals/alerts/acknowledge", { alertIds: ids })).toMatchObject({ status: 404, json: { error: { code: "VITAL_ALERT_NOT_FOUND" } } });
    const patient = await clientOf(entry.base, world.patient);
    expect((await patient.post("/api/vitals/alerts/acknowledge", { alertIds: ids })).status).toBe(403);
    const doctor = await clientOf(entry.base, world.doctor);
    expect((await doctor.post("/api/vitals/alerts/acknowledge", { alertIds: [] })).status).toBe(400);
    expect((await doctor.post("/api/vitals/alerts/acknowledge", { alertIds: [ids[0]], note: "a\u0000" })).status).toBe(400);
    expect((await doctor.post("/api/vitals/alerts/acknowledge", { alertIds: ["7f000000-0000-4000-8000-000000000000"] })).status).toBe(404);

    const one = await doctor.post("/api/vitals/alerts/acknowledge", { alertIds: [ids[0]], note: "已电话联系，嘱复测" });
    expect(one).toMatchObject({ status: 200, json: { acknowledged: 1, alreadyAcknowledged: 0 } });
    expect(await db.vitalAlert.findUniqueOrThrow({ where: { id: ids[0] } })).toMatchObject({ status: "ACKNOWLEDGED", acknowledgedById: world.doctor.id, note: "已电话联系，嘱复测" });
    expect(await doctor.post("/api/vitals/alerts/acknowledge", { alertIds: [ids[0]] })).toMatchObject({ status: 409, json: { error: { code: "ALERT_ALREADY_ACKNOWLEDGED" } } });
    const expert = await clientOf(entry.base, world.expert);
    expect((await expert.post("/api/vitals/alerts/acknowledge", { alertIds: ids })).json).toEqual({ acknowledged: 2, alreadyAcknowledged: 1 });

    expect((await listWorklist(db, world.doctor, { residentId: world.residentId })).total).toBe(0);
    const done = await listWorklist(db, world.doctor, { residentId: world.residentId, status: "ACKNOWLEDGED" });
    expect(done.residents[0]?.alerts.find((a) => a.id === ids[0])).toMatchObject({ acknowledgedBy: world.doctor.displayName, note: "已电话联系，嘱复测" });
    const audits = await db.auditLog.findMany({ where: { action: "record.vitals.acknowledged", targetId: world.residentId }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.actorId, (a.details as { ground: string }).ground])).toEqual([
      [world.doctor.id, "ownInstitution"],
      [world.expert.id, "openCare"],
    ]);
  });
});

describe("recordScope, the list twin of the record rules", () => {
  it("agrees with recordRelations + the policy for every relation, for record.read and vitals.acknowledge", async () => {
    const { world, requesterElsewhere, strangerAtOther, formerExpert } = await careWorld();
    const consented = await makeUser(db, "SPECIALIST", await makeInstitution(db, "PROVINCIAL"));
    await db.recordConsent.create({ data: { residentId: world.residentId, granteeUserId: consented.id, categories: ["VITAL"], expiresAt: new Date(Date.now() + 86_400_000), grantedById: world.patient.id } });
    const expiredConsent = await makeUser(db, "SPECIALIST", world.provincialId);
    await db.recordConsent.create({ data: { residentId: world.residentId, granteeUserId: expiredConsent.id, expiresAt: new Date(Date.now() - 1000), grantedById: world.patient.id } });
    const emergency = await makeUser(db, "COUNTY_DOCTOR", await makeInstitution(db));
    await db.emergencyAccess.create({ data: { residentId: world.residentId, userId: emergency.id, reason: "昏迷送诊", expiresAt: new Date(Date.now() + 3_600_000) } });
    const guardian = await makeUser(db, "PATIENT", null);
    await db.familyLink.create({ data: { guardianUserId: guardian.id, residentId: world.residentId, relationship: "CHILD", establishedById: world.doctor.id } });
    const actors = [world.doctor, world.stranger, world.expert, world.patient, requesterElsewhere, strangerAtOther, formerExpert, consented, expiredConsent, emergency, guardian];
    const relations = (await recordRelations(db, world.residentId))!;
    for (const action of ["record.read", "vitals.acknowledge", "record.manage"] as const) {
      for (const actor of actors) {
        const inScope = (await db.resident.count({ where: { AND: [{ id: world.residentId }, await recordScope(db, actor, action)] } })) === 1;
        expect(inScope, `${action} ${actor.role} ${actor.username}`).toBe(isAllowed(actor, action, relations));
      }
    }
    expect(isAllowed(consented, "record.read", relations)).toBe(true);
    expect(isAllowed(consented, "vitals.acknowledge", relations)).toBe(false);
    expect(isAllowed(strangerAtOther, "record.read", relations)).toBe(false);
  });
});

/**
 * Pairing and revoking home devices through the real routes (app/api/record/devices…) behind the
 * platform's entry: who may pair (the resident, a family member managing the record; nobody
 * else), what is stored (the token's SM3, never the token), last-seen, revocation taking effect
 * at once on the device API, the audit entries.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sm3Hex } from "@/server/crypto/sm";
import { makeUser } from "@/server/consultation/testing";
import { getDb, type Db } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { bp, clientOf, makeRecordWorld, makeResident, postReadings, startRecordEntry, type RecordWorld } from "@/test/devices";
import type { HttpEntry } from "@/test/httpEntry";
import type { DeviceView } from "./devices";

let db: Db;
let world: RecordWorld;
let entry: HttpEntry;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeRecordWorld(db);
  entry = await startRecordEntry();
});

afterAll(() => entry.close());

type Paired = { device: DeviceView; token: string };

describe("pairing a device", () => {
  it("the resident pairs a device: the token is answered once, only its SM3 is stored, the pairing is audited", async () => {
    const patient = await clientOf(entry.base, world.patient);
    const paired = await patient.post<Paired>("/api/record/devices", { residentId: world.residentId, kind: "BLOOD_PRESSURE_MONITOR", label: "  客厅血压计 \u202E " });
    expect(paired.status).toBe(200);
    const { device, token } = paired.json;
    expect(token).toMatch(/^rmpd_[A-Za-z0-9_-]{43}$/);
    expect(device).toMatchObject({ kind: "BLOOD_PRESSURE_MONITOR", label: "客厅血压计", tokenHint: token.slice(-4), lastSeenAt: null, revokedAt: null });
    const row = await db.homeDevice.findUniqueOrThrow({ where: { id: device.id } });
    expect(row.tokenHash).toBe(sm3Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row).toMatchObject({ residentId: world.residentId, pairedById: world.patient.id });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "record.device.paired", targetId: world.residentId }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorId: world.patient.id, targetType: "resident", details: { ground: "self", deviceId: device.id, kind: "BLOOD_PRESSURE_MONITOR" } });
    expect(JSON.stringify(audit.details)).not.toContain(token);

    // The list never carries a token; it shows when the device was last seen.
    const before = await patient.get<{ devices: DeviceView[] }>(`/api/record/devices?resident=${world.residentId}`);
    expect(before.json.devices.find((d) => d.id === device.id)).toMatchObject({ lastSeenAt: null });
    expect(JSON.stringify(before.json)).not.toContain(token);
    expect((await postReadings(entry.base, token, { readings: [bp("p-1", 120, 80)] })).status).toBe(200);
    const after = await patient.get<{ devices: DeviceView[] }>(`/api/record/devices?resident=${world.residentId}`);
    const seen = after.json.devices.find((d) => d.id === device.id);
    expect(seen?.lastSeenAt).not.toBeNull();
    expect(Date.now() - new Date(seen?.lastSeenAt as string).getTime()).toBeLessThan(60_000);
  });

  it("bad input: an unknown kind, an empty label, a NUL byte, a malformed resident id are 400", async () => {
    const patient = await clientOf(entry.base, world.patient);
    for (const body of [
      { residentId: world.residentId, kind: "THERMOMETER", label: "x" },
      { residentId: world.residentId, kind: "GLUCOMETER", label: "   " },
      { residentId: world.residentId, kind: "GLUCOMETER", label: "a\u0000b" },
      { residentId: "not-a-uuid", kind: "GLUCOMETER", label: "x" },
      { residentId: world.residentId, kind: "GLUCOMETER", label: "x".repeat(101) },
    ]) {
      expect((await patient.post("/api/record/devices", body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it("nobody else pairs or lists: another resident and clinicians get 404, a family member managing the record may", async () => {
    const other = await makeResident(db, world.countyId, "李别人");
    for (const outsider of [other.patient, world.doctor, world.expert]) {
      const client = await clientOf(entry.base, outsider);
      const pair = await client.post("/api/record/devices", { residentId: world.residentId, kind: "GLUCOMETER", label: "x" });
      const list = await client.get(`/api/record/devices?resident=${world.residentId}`);
      // A patient's is the record they may not reach (404); a clinician's role may not manage a record at all (403).
      expect([pair.status, list.status], outsider.role).toEqual(outsider.role === "PATIENT" ? [404, 404] : [403, 403]);
    }
    const guardian = await makeUser(db, "PATIENT", null);
    await db.familyLink.create({ data: { guardianUserId: guardian.id, residentId: world.residentId, relationship: "CHILD", establishedById: world.doctor.id } });
    const family = await clientOf(entry.base, guardian);
    const paired = await family.post<Paired>("/api/record/devices", { residentId: world.residentId, kind: "GLUCOMETER", label: "妈妈的血糖仪" });
    expect(paired.status).toBe(200);
    expect(await db.auditLog.findFirst({ where: { action: "record.device.paired", actorId: guardian.id }, select: { details: true } })).toMatchObject({ details: { ground: "guardian" } });
  });

  it("at most 20 devices in use per record (409); a revoked one makes room", async () => {
    const { patient, residentId } = await makeResident(db, world.countyId, "赵多台");
    const client = await clientOf(entry.base, patient);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await client.post<Paired>("/api/record/devices", { residentId, kind: "HEART_RATE_BAND", label: `手环 ${i}` })).json.device.id);
    const refused = await client.post("/api/record/devices", { residentId, kind: "HEART_RATE_BAND", label: "第 21 个" });
    expect(refused).toMatchObject({ status: 409, json: { error: { code: "TOO_MANY_DEVICES" } } });
    expect((await client.post(`/api/record/devices/${ids[0]}/revoke`)).status).toBe(200);
    expect((await client.post("/api/record/devices", { residentId, kind: "HEART_RATE_BAND", label: "第 21 个" })).status).toBe(200);
  });
});

describe("revoking a device", () => {
  it("the next upload with its token is refused 401 at once; revoking again changes nothing; audited", async () => {
    const patient = await clientOf(entry.base, world.patient);
    const { device, token } = (await patient.post<Paired>("/api/record/devices", { residentId: world.residentId, kind: "BLOOD_PRESSURE_MONITOR", label: "卧室" })).json;
    expect((await postReadings(entry.base, token, { readings: [bp("r-1", 118, 76)] })).status).toBe(200);
    const revoked = await patient.post<DeviceView>(`/api/record/devices/${device.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).not.toBeNull();
    const refused = await postReadings(entry.base, token, { readings: [bp("r-2", 118, 76)] });
    expect(refused).toMatchObject({ status: 401, json: { error: { code: "DEVICE_UNAUTHENTICATED" } } });
    expect(await db.vitalReading.count({ where: { deviceId: device.id } })).toBe(1);
    const again = await patient.post<DeviceView>(`/api/record/devices/${device.id}/revoke`);
    expect(again.json.revokedAt).toBe(revoked.json.revokedAt);
    // Two at once: one revocation, one audit entry.
    const other = (await patient.post<Paired>("/api/record/devices", { residentId: world.residentId, kind: "GLUCOMETER", label: "书房" })).json.device;
    const both = await Promise.all([patient.post<DeviceView>(`/api/record/devices/${other.id}/revoke`), patient.post<DeviceView>(`/api/record/devices/${other.id}/revoke`)]);
    expect(both.map((b) => b.status)).toEqual([200, 200]);
    expect(both[0].json.revokedAt).toBe(both[1].json.revokedAt);
    expect(await db.auditLog.count({ where: { action: "record.device.revoked", details: { path: ["deviceId"], equals: other.id } } })).toBe(1);
    expect(await db.auditLog.count({ where: { action: "record.device.revoked", details: { path: ["deviceId"], equals: device.id } } })).toBe(1);
  });

  it("another person's device id, or a malformed one, answers 404 DEVICE_NOT_FOUND and stays in use", async () => {
    const patient = await clientOf(entry.base, world.patient);
    const { device, token } = (await patient.post<Paired>("/api/record/devices", { residentId: world.residentId, kind: "GLUCOMETER", label: "厨房" })).json;
    const other = await makeResident(db, world.countyId, "孙陌生");
    const stranger = await clientOf(entry.base, other.patient);
    expect(await stranger.post(`/api/record/devices/${device.id}/revoke`)).toMatchObject({ status: 404, json: { error: { code: "DEVICE_NOT_FOUND" } } });
    expect(await stranger.post("/api/record/devices/nope/revoke")).toMatchObject({ status: 404, json: { error: { code: "DEVICE_NOT_FOUND" } } });
    expect(await stranger.post("/api/record/devices/7f000000-0000-4000-8000-000000000000/revoke")).toMatchObject({ status: 404 });
    expect((await clientOf(entry.base, world.doctor).then((c) => c.post(`/api/record/devices/${device.id}/revoke`))).status).toBe(403);
    const stillWorks = await postReadings(entry.base, token, { readings: [{ id: "g-1", kind: "GLUCOSE", measuredAt: new Date().toISOString(), value: 5.4, unit: "mmol/L" }] });
    expect(stillWorks.status).toBe(200);
  });
});

/**
 * The device API (POST /api/v1/devices/readings) through the platform's entry, as a device calls
 * it: a valid batch is stored in the kinds' own units with its flags, a reading sent twice is
 * stored once, a bad reading refuses the batch naming its index and field, the token decides the
 * resident (a device cannot write to another record), and what an attacker sends (no token, a
 * forged or revoked one, NUL bytes, 101 readings, a huge body, a cross-site form) gets a 4xx and
 * stores nothing. Also on the embedded database (vitest.config.ts): the ingest is raw SQL.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { bp, makeRecordWorld, makeResident, pairedDevice, postReadings, startRecordEntry, type RecordWorld } from "@/test/devices";
import type { HttpEntry } from "@/test/httpEntry";

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

const readingsOf = (deviceId: string) => db.vitalReading.findMany({ where: { deviceId }, orderBy: { sourceKey: "asc" } });

describe("a valid batch", () => {
  it("is stored in the kinds' own units, flagged against the home thresholds, one alert per flagged reading; the batch is audited", async () => {
    const device = await pairedDevice(db, world.patient, world.residentId);
    const measuredAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const answer = await postReadings(entry.base, device.token, {
      readings: [
        { id: "a1", kind: "BLOOD_PRESSURE", measuredAt, value: 122, value2: 78, unit: "mmHg" },
        { id: "a2", kind: "BLOOD_PRESSURE", measuredAt, value: 20, value2: 12, unit: "kPa" },
        { id: "a3", kind: "HEART_RATE", measuredAt, value: 66, unit: "bpm" },
        { id: "a4", kind: "BLOOD_PRESSURE", measuredAt, value: 186, value2: 112, unit: "mmHg" },
      ],
    });
    expect(answer).toEqual({ status: 200, json: { received: 4, stored: 4, duplicates: 0, flagged: 2 } });
    const rows = await readingsOf(device.id);
    expect(rows.map((r) => [r.sourceKey, r.kind, r.value, r.value2, r.unit, r.flag, r.source, r.residentId])).toEqual([
      [`device:${device.id}:a1`, "BLOOD_PRESSURE", 122, 78, "mmHg", null, "DEVICE", world.residentId],
      [`device:${device.id}:a2`, "BLOOD_PRESSURE", 150, 90, "mmHg", "HIGH", "DEVICE", world.residentId],
      [`device:${device.id}:a3`, "HEART_RATE", 66, null, "/min", null, "DEVICE", world.residentId],
      [`device:${device.id}:a4`, "BLOOD_PRESSURE", 186, 112, "mmHg", "CRITICAL_HIGH", "DEVICE", world.residentId],
    ]);
    expect(rows[0]?.measuredAt.toISOString()).toBe(measuredAt);
    const alerts = await db.vitalAlert.findMany({ where: { readingId: { in: rows.map((r) => r.id) } } });
    expect(alerts.map((a) => [a.readingId, a.residentId, a.status]).sort()).toEqual(
      [[rows[1]?.id, world.residentId, "OPEN"], [rows[3]?.id, world.residentId, "OPEN"]].sort(),
    );
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "record.device.readings", details: { path: ["deviceId"], equals: device.id } } });
    expect(audit).toMatchObject({ actorId: null, targetType: "resident", targetId: world.residentId, ip: "127.0.0.1", details: { sent: 4, stored: 4, flagged: 2 } });
  });

  it("a reading sent twice is stored once: the answer counts the duplicates, their alerts are not made again", async () => {
    const device = await pairedDevice(db, world.patient, world.residentId);
    const batch = { readings: [bp("d1", 120, 80), bp("d2", 160, 100), bp("d1", 121, 80)] };
    expect((await postReadings(entry.base, device.token, batch)).json).toEqual({ received: 3, stored: 2, duplicates: 1, flagged: 1 });
    const again = await postReadings(entry.base, device.token, { readings: [bp("d1", 120, 80), bp("d2", 160, 100), bp("d3", 119, 79)] });
    expect(again.json).toEqual({ received: 3, stored: 1, duplicates: 2, flagged: 0 });
    expect(await db.vitalReading.count({ where: { deviceId: device.id } })).toBe(3);
    expect(await db.vitalAlert.count({ where: { reading: { deviceId: device.id } } })).toBe(1);
    // Concurrent resends of the same batch: still stored once.
    const burst = { readings: Array.from({ length: 50 }, (_, i) => bp(`c${i}`, 120 + (i % 5), 80)) };
    const answers = await Promise.all(Array.from({ length: 6 }, () => postReadings(entry.base, device.token, burst)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.reduce((sum, a) => sum + (a.json.stored as number), 0)).toBe(50);
    expect(await db.vitalReading.count({ where: { deviceId: device.id } })).toBe(53);
  });

  it("a device past DEVICE_BATCHES_PER_MINUTE (120) is refused 429 RATE_LIMITED with the wait, stores nothing more; another device is not slowed", async () => {
    const device = await pairedDevice(db, world.patient, world.residentId);
    const other = await pairedDevice(db, world.patient, world.residentId);
    for (let chunk = 0; chunk < 12; chunk++) {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => postReadings(entry.base, device.token, { readings: [bp(`r${chunk}-${i}`, 120, 80)] })));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    }
    const refused = await postReadings(entry.base, device.token, { readings: [bp("one-too-many", 120, 80)] }, { "accept-language": "zh-CN" });
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ error: { code: "RATE_LIMITED", message: expect.stringContaining("这台设备上传过于频繁") } });
    expect(await db.vitalReading.count({ where: { deviceId: device.id } })).toBe(120);
    expect((await postReadings(entry.base, other.token, { readings: [bp("other", 120, 80)] })).status).toBe(200);
  });

  it("100 readings in one batch are stored; 101 are refused 413 BATCH_TOO_LARGE and nothing is stored", async () => {
    const device = await pairedDevice(db, world.patient, world.residentId);
    const hundred = { readings: Array.from({ length: 100 }, (_, i) => bp(`h${i}`, 110 + (i % 20), 70)) };
    expect((await postReadings(entry.base, device.token, hundred)).json).toMatchObject({ stored: 100, duplicates: 0 });
    const refused = await postReadings(entry.base, device.token, { readings: Array.from({ length: 101 }, (_, i) => bp(`x${i}`, 120, 80)) });
    expect(refused.status).toBe(413);
    expect(refused.json.error?.code).toBe("BATCH_TOO_LARGE");
    expect(refused.json.error?.message).toContain("101");
    expect(await db.vitalReading.count({ where: { deviceId: device.id } })).toBe(100);
  });
});

describe("a bad reading refuses the batch, naming its index and field (400), and nothing is stored", () => {
  it.each([
    ["an impossible systolic", bp("b", 1200, 80), "readings[2].value"],
    ["a diastolic above the systolic", bp("b", 80, 120), "readings[2].value2"],
    ["a glucose unit on a pressure", { ...bp("b", 120, 80), unit: "mmol/L" }, "readings[2].unit"],
    ["no diastolic", { ...bp("b", 120, 80), value2: undefined }, "readings[2].value2"],
    ["a time far ahead of the clock", { ...bp("b", 120, 80), measuredAt: new Date(Date.now() + 3_600_000).toISOString() }, "readings[2].measuredAt"],
    ["a time years ago", { ...bp("b", 120, 80), measuredAt: "2019-01-01T00:00:00Z" }, "readings[2].measuredAt"],
    ["a value as text", { ...bp("b", 120, 80), value: "120" }, "readings[2].value"],
    ["a kind the monitor does not measure", { id: "b", kind: "GLUCOSE", measuredAt: new Date().toISOString(), value: 6.1, unit: "mmol/L" }, "readings[2].kind"],
  ])("%s", async (_what, bad, where) => {
    const device = await pairedDevice(db, world.patient, world.residentId);
    const answer = await postReadings(entry.base, device.token, { readings: [bp("ok1", 120, 80), bp("ok2", 121, 81), bad] }, { cookie: "locale=en" });
    expect(answer.status).toBe(400);
    expect(answer.json.error?.code).toBe("READING_INVALID");
    expect(answer.json.error?.message.startsWith(`${where}:`), answer.json.error?.message).toBe(true);
    expect(answer.json.error?.details).toEqual([expect.objectContaining({ path: where })]);
    expect(await db.vitalReading.count({ where: { deviceId: device.id } })).toBe(0);
  });

  it("the message is in the device's language (Chinese by default)", async () => {
    const device = await pairedDevice(db, world.patient, world.residentId);
    const answer = await postReadings(entry.base, device.token, { readings: [bp("z", 1200, 80)] });
    expect(answer.json.error?.message).toBe("readings[0].value：1200 mmHg 不可能是真实读数（允许范围 40–300 mmHg）");
  });
});

describe("what an attacker sends", () => {
  it("no token, a malformed, a forged or a revoked token: 401 DEVICE_UNAUTHENTICATED, before the body is judged", async () => {
    const good = { readings: [bp("t1", 120, 80)] };
    const bad = { readings: [bp("t1", 1200, 80)] };
    for (const token of [null, "short", `rmpd_${randomBytes(32).toString("base64url")}`]) {
      for (const body of [good, bad, "{not json"]) {
        const answer = await postReadings(entry.base, token, body);
        expect(answer.status, `${token} ${JSON.stringify(body)}`).toBe(401);
        expect(answer.json.error?.code).toBe("DEVICE_UNAUTHENTICATED");
      }
    }
    const response = await fetch(`${entry.base}/api/v1/devices/readings`, { method: "POST", headers: { "content-type": "application/json", authorization: "Basic dXNlcjpwYXNz" }, body: JSON.stringify(good) });
    expect(response.status).toBe(401);
  });

  it("a device writes only to its own resident's record, whatever the body says", async () => {
    const other = await makeResident(db, world.otherId, "周另一位");
    const mine = await pairedDevice(db, world.patient, world.residentId);
    const theirs = await pairedDevice(db, other.patient, other.residentId);
    const sneaky = { readings: [{ ...bp("same-id", 120, 80), residentId: other.residentId, deviceId: theirs.id, residentIdOverride: other.residentId }] };
    expect((await postReadings(entry.base, mine.token, sneaky)).json).toMatchObject({ stored: 1 });
    // The same reading id from the other device is its own reading, on its own record.
    expect((await postReadings(entry.base, theirs.token, { readings: [bp("same-id", 130, 85)] })).json).toMatchObject({ stored: 1, duplicates: 0 });
    const rows = await db.vitalReading.findMany({ where: { deviceId: { in: [mine.id, theirs.id] } }, select: { deviceId: true, residentId: true, value: true } });
    expect(rows.sort((a, b) => a.value - b.value)).toEqual([
      { deviceId: mine.id, residentId: world.residentId, value: 120 },
      { deviceId: theirs.id, residentId: other.residentId, value: 130 },
    ]);
  });

  it("NUL bytes anywhere are 400 NUL_BYTE; a body past 64 KB is 413 (announced or not); a form or no JSON type is 415", async () => {
    const device = await pairedDevice(db, world.patient, world.residentId);
    expect((await postReadings(entry.base, device.token, { readings: [{ ...bp("n\u0000", 120, 80) }] })).json.error?.code).toBe("NUL_BYTE");
    expect((await postReadings(entry.base, device.token, { readings: [{ ...bp("n", 120, 80), unit: "mmHg\u0000" }] })).json.error?.code).toBe("NUL_BYTE");
    expect((await postReadings(entry.base, device.token, { readings: [bp("n", 120, 80)], ["x\u0000"]: 1 })).status).toBe(400);

    const huge = JSON.stringify({ readings: [bp("big", 120, 80)], padding: "x".repeat(70_000) });
    const tooLarge = await postReadings(entry.base, device.token, huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.error?.code).toBe("BODY_TOO_LARGE");
    // Far past every limit: refused from its Content-Length, before it is read.
    const enormous = await postReadings(entry.base, device.token, "x".repeat(8 * 1024 * 1024));
    expect(enormous.status).toBe(413);
    // Sent in chunks without a length: 411, never read to the end.
    const chunked = await fetch(`${entry.base}/api/v1/devices/readings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${device.token}` },
      body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(huge)), c.close()) }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(411);

    const form = await fetch(`${entry.base}/api/v1/devices/readings`, { method: "POST", headers: { "content-type": "text/plain", authorization: `Bearer ${device.token}` }, body: JSON.stringify({ readings: [bp("f", 120, 80)] }) });
    expect(form.status).toBe(415);
    expect(await db.vitalReading.count({ where: { deviceId: device.id } })).toBe(0);
  });

  it("a cross-site page cannot use a browser's cookie here (there is none to use): the device token is the only credential", async () => {
    const device = await pairedDevice(db, world.patient, world.residentId);
    const answer = await postReadings(entry.base, device.token, { readings: [bp("cs", 120, 80)] }, { origin: "https://evil.example", "sec-fetch-site": "cross-site" });
    // Bearer-authenticated like the terminal API: a forged page has no token to send.
    expect(answer.status).toBe(200);
    expect((await postReadings(entry.base, null, { readings: [bp("cs2", 120, 80)] }, { origin: "https://evil.example", cookie: "next-auth.session-token=x" })).status).toBe(401);
  });
});

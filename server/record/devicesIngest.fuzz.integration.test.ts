/**
 * Fuzz suite, the device API with a real device's token (the HTTP fuzz suite has none, so it only
 * ever reaches the 401): batches shaped like the declared schema with hostile fields, and batches
 * of near-valid readings with nasty numbers, units, kinds, ids and times, through the platform's
 * entry to the one-statement store. No answer may be a 500; every refusal is the error shape; an
 * accepted batch stores exactly what the answer says.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLogLevel } from "@/lib/log";
import { resetConfigForTests } from "@/server/config";
import { getDb } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { makeRecordWorld, pairedDevice, startRecordEntry } from "@/test/devices";
import { schemaInputs } from "@/test/fuzz/schemaInputs";
import { FUZZ_SEED, FuzzTally, HangError, report, runs, withinTimeLimit } from "@/test/fuzz/tally";
import { anyJson, nastyNumber, nastyText } from "@/test/fuzz/values";
import type { HttpEntry } from "@/test/httpEntry";
import { deviceReadingsBody } from "./devicesIngest";
import { VITAL_KINDS } from "./vitals";

const TARGET = "device readings";
const tally = new FuzzTally("devices");
let entry: HttpEntry;
let token: string;
let deviceId: string;
let accepted = 0;
let limited = 0;

beforeAll(async () => {
  setLogLevel("error");
  // Every input comes from one device: past the per-device limit (120 a minute) the rest would only meet the 429.
  process.env.DEVICE_BATCHES_PER_MINUTE = "100000";
  resetConfigForTests();
  await useTestDatabase();
  const world = await makeRecordWorld(getDb());
  ({ token, id: deviceId } = await pairedDevice(getDb(), world.patient, world.residentId));
  entry = await startRecordEntry();
});

afterAll(async () => {
  await entry.close();
  report(`fuzz ${TARGET}: ${JSON.stringify(tally.save()[TARGET])}`);
});

const isoish = fc.oneof(
  fc.date({ min: new Date("1900-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(new Date().toISOString(), "2026-02-30T00:00:00Z", "2026-12-03T25:00:00Z", "2026-12-03", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999+14:00"),
  nastyText,
);
const reading = fc.record(
  {
    id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/), nastyText),
    kind: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...VITAL_KINDS) }, nastyText),
    measuredAt: isoish,
    value: fc.oneof(nastyNumber, fc.integer({ min: 20, max: 250 })),
    value2: fc.oneof(nastyNumber, fc.integer({ min: 20, max: 150 }), fc.constant(null)),
    unit: fc.oneof(fc.constantFrom("mmHg", "kPa", "bpm", "/min", "mmol/L", "mg/dL", "%", "°C", "°F", "kg", "lb", "g"), nastyText),
  },
  { requiredKeys: ["id", "kind", "measuredAt", "value", "unit"] },
);
/** Readings this monitor may send, so that accepted batches (and their duplicates) are fuzzed too. */
const plausible = fc.oneof(
  fc.record({
    id: fc.stringMatching(/^[A-Za-z0-9._:-]{1,12}$/),
    kind: fc.constant("BLOOD_PRESSURE"),
    measuredAt: fc.integer({ min: 0, max: 300 * 86_400 }).map((s) => new Date(Date.now() - s * 1000).toISOString()),
    value: fc.integer({ min: 90, max: 260 }),
    value2: fc.integer({ min: 40, max: 89 }),
    unit: fc.constantFrom("mmHg", "mm[Hg]"),
  }),
  fc.record({ id: fc.stringMatching(/^[A-Za-z0-9._:-]{1,12}$/), kind: fc.constant("HEART_RATE"), measuredAt: fc.constant(new Date().toISOString()), value: fc.double({ min: 20, max: 300, noNaN: true }), unit: fc.constantFrom("bpm", "/min") }),
);
const bodies = fc.oneof(
  fc.array(plausible, { minLength: 1, maxLength: 100 }).map((readings) => JSON.stringify({ readings })),
  fc.array(reading, { minLength: 0, maxLength: 110 }).map((readings) => JSON.stringify({ readings })),
  schemaInputs(deviceReadingsBody).map((value) => JSON.stringify(value)),
  anyJson.map((value) => JSON.stringify(value) ?? "null"),
);

describe(`fuzz: ${TARGET}`, () => {
  it("no 500, no answer outside the error shape, stored what the answer says", async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        tally.input(TARGET);
        const before = await getDb().vitalReading.count({ where: { deviceId } });
        try {
          const response = await withinTimeLimit(fetch(`${entry.base}/api/v1/devices/readings`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body }));
          const json = (await response.json()) as { stored?: number; error?: { code: string; message: string } };
          if (response.status === 429) limited++;
          if (response.status >= 500) tally.finding(TARGET, "serverErrors", `${response.status} ${JSON.stringify(json)} for ${body.slice(0, 300)}`);
          else if (response.status === 200) {
            accepted++;
            expect((await getDb().vitalReading.count({ where: { deviceId } })) - before).toBe(json.stored);
          }
          else expect(json.error?.message, body.slice(0, 200)).toBeTruthy();
        } catch (error) {
          if (error instanceof HangError) tally.finding(TARGET, "hangs", body.slice(0, 300));
          else throw error;
        }
      }),
      { numRuns: runs(150), seed: FUZZ_SEED },
    );
    expect(tally.findings).toEqual([]);
    expect(accepted, "some batches were accepted and stored").toBeGreaterThan(0);
    expect(limited, "no input met the per-device limit instead of the parser").toBe(0);
  });
});

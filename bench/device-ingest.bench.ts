/**
 * Home-device ingest under load: `npx tsx bench/device-ingest.bench.ts` (after `npx next build`;
 * NEXT_DIST_DIR picks another build). Starts the real server (POST /api/v1/devices/readings,
 * served by the fast route ahead of Next, server/http/deviceRoute.ts: bearer token → body
 * checked reading by reading (server/record/vitals.ts) → one statement: device lookup, unnest
 * insert with ON CONFLICT on the source key, one alert per flagged reading, last seen, audit) on a
 * fresh PostgreSQL database with DEVICES paired devices of as many residents, then drives it with
 * autocannon from this process (same machine): batches of 100 readings (blood pressure and
 * pulse, about 2 % of them flagged, so the care team's grouped notifications run too), each
 * device's reading ids unique. Two phases: "sustained" offers RATE batches/s (60 = 6,000
 * readings/s) from CONNECTIONS devices at once, as many devices uploading now and then do, and
 * measures each batch's latency at that load; "saturated" sends back to back on SATURATE_CONNECTIONS
 * connections for the most the machine can take. Afterwards it counts what was stored.
 * Target: ≥ 5,000 readings/s (50 batches/s) with p99 < 100 ms per batch (2 cores).
 * Writes bench/results/device-ingest.json.
 */
import http from "node:http";
import os from "node:os";
import autocannon from "autocannon";
import pg from "pg";
import { sm3Hex } from "../server/crypto/sm";
import { startBenchServer, writeResults } from "./benchServer";

const PORT = Number(process.env.BENCH_PORT ?? 3411);
const DURATION = Number(process.env.DURATION ?? 20);
/** Long enough for the first flagged batch of every resident to be told to the care team (one fan-out each per hour). */
const WARMUP = Number(process.env.WARMUP ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const RATE = Number(process.env.RATE ?? 60);
const SATURATE_CONNECTIONS = Number(process.env.SATURATE_CONNECTIONS ?? 8);
const SATURATE_DURATION = Number(process.env.SATURATE_DURATION ?? 10);
const DEVICES = Number(process.env.DEVICES ?? 200);
const BATCH = 100;
/** One reading in this many is outside the reference range. */
const FLAG_EVERY = 50;

const bench = await startBenchServer("device-ingest", { port: PORT, defaultDistDir: ".next" });

const tokenOf = (i: number) => `rmpd_bench_${String(i).padStart(6, "0")}_${"x".repeat(24)}`;

/** Residents with cards of 五华县人民医院 (so its clinicians are their care team), one paired monitor each. */
async function prepare(db: pg.Client): Promise<void> {
  const { rows } = await db.query<{ county: string; patient: string }>(`SELECT (SELECT id FROM institution WHERE code='WHXPH') AS county, (SELECT id FROM app_user WHERE username='patient') AS patient`);
  const { county, patient } = rows[0]!;
  await db.query(
    `INSERT INTO resident (id, master_index_id, name, updated_at)
     SELECT md5('bench-resident'||i)::uuid, md5('a'||i)||md5('b'||i), '压测居民'||i, now() FROM generate_series(0, $1 - 1) i`,
    [DEVICES],
  );
  await db.query(
    `INSERT INTO health_card (id, resident_id, card_id, key_version, channel, issuing_institution_id, updated_at)
     SELECT gen_random_uuid(), md5('bench-resident'||i)::uuid, upper(md5('c'||i)||md5('d'||i)), 1, 'WINDOW', $2, now() FROM generate_series(0, $1 - 1) i`,
    [DEVICES, county],
  );
  await db.query(
    `INSERT INTO home_device (id, resident_id, kind, label, token_hash, token_hint, paired_by_id)
     SELECT md5('bench-device'||t.i)::uuid, md5('bench-resident'||t.i)::uuid, 'BLOOD_PRESSURE_MONITOR', '压测血压计'||t.i, t.hash, right(t.hash, 4), $1
       FROM unnest($2::int[], $3::text[]) AS t(i, hash)`,
    [patient, Array.from({ length: DEVICES }, (_, i) => i), Array.from({ length: DEVICES }, (_, i) => sm3Hex(tokenOf(i)))],
  );
}

/** Batch k: device k % DEVICES, readings "k-0" … "k-99" over the last day. */
function batchBody(k: number, now: number): string {
  const readings = [];
  for (let i = 0; i < BATCH; i++) {
    const measuredAt = new Date(now - ((k * BATCH + i) % 86_400) * 1000).toISOString();
    const flagged = (k * BATCH + i) % FLAG_EVERY === 0;
    readings.push(
      i % 4 === 3
        ? { id: `${k}-${i}`, kind: "HEART_RATE", measuredAt, value: 60 + (i % 30), unit: "bpm" }
        : { id: `${k}-${i}`, kind: "BLOOD_PRESSURE", measuredAt, value: flagged ? 165 : 110 + (i % 20), value2: flagged ? 102 : 70 + (i % 12), unit: "mmHg" },
    );
  }
  return JSON.stringify({ readings });
}

try {
  const db = new pg.Client({ connectionString: bench.dbUrl });
  await db.connect();
  await prepare(db);
  let next = 0;
  const statuses: Record<string, number> = {};
  const samples: Record<string, string> = {};
  let storedSum = 0;
  const run = (duration: number, connections: number, overallRate?: number) =>
    autocannon({
      url: `http://127.0.0.1:${PORT}`,
      connections,
      duration,
      ...(overallRate ? { overallRate } : {}),
      requests: [
        Object.assign(
          {
            method: "POST",
            headers: { "content-type": "application/json" },
            setupRequest: (request: { path?: string; body?: string; headers?: Record<string, string> }) => {
              const k = next++;
              return { ...request, path: "/api/v1/devices/readings", headers: { ...request.headers, authorization: `Bearer ${tokenOf(k % DEVICES)}` }, body: batchBody(k, Date.now()) };
            },
          },
          {
            onResponse: (status: number, body: string) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (status === 200) storedSum += Number(/"stored":(\d+)/.exec(body)?.[1] ?? 0);
              else samples[status] ??= body.slice(0, 300);
            },
          },
        ),
      ],
    });
  /**
   * Open loop, evenly spaced: batch k leaves at t0 + k/rate on a keep-alive pool of `connections`,
   * and its latency counts from when it was due (a late send is the server's delay too). Devices
   * upload independently of each other; autocannon's `overallRate` instead gives each connection
   * its share at the start of every second, so all of a second's batches arrive at once.
   */
  const paced = async (duration: number, rate: number, connections: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
    const latencies: number[] = [];
    let failures = 0;
    const t0 = performance.now() + 50;
    const total = Math.round(duration * rate);
    const sends: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const k = next++;
      const body = batchBody(k, Date.now());
      sends.push(
        new Promise<void>((resolve) => {
          const request = http.request({ host: "127.0.0.1", port: PORT, path: "/api/v1/devices/readings", method: "POST", agent, headers: { "content-type": "application/json", authorization: `Bearer ${tokenOf(k % DEVICES)}`, "content-length": Buffer.byteLength(body) } }, (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
              const status = response.statusCode ?? 0;
              statuses[status] = (statuses[status] ?? 0) + 1;
              const text = Buffer.concat(chunks).toString();
              if (status === 200) storedSum += Number(/"stored":(\d+)/.exec(text)?.[1] ?? 0);
              else {
                failures++;
                samples[status] ??= text.slice(0, 300);
              }
              latencies.push(performance.now() - due);
              resolve();
            });
          });
          request.on("error", () => {
            failures++;
            resolve();
          });
          request.end(body);
        }),
      );
    }
    await Promise.all(sends);
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! * 10) / 10;
    return { batches: total, seconds: duration, batchesPerSecond: rate, readingsPerSecond: rate * BATCH, failures, latencyMsPerBatch: { p50: pct(50), p90: pct(90), p99: pct(99), max: pct(100) } };
  };
  const loadAverageBefore = os.loadavg();
  // Warm-up: JIT, pool, prepared statements, and the hour's first fan-out for each resident.
  const warmUp = await run(WARMUP, CONNECTIONS, RATE);
  const warmUpBatches = next;
  const storedInWarmUp = storedSum;
  const result = await run(DURATION, CONNECTIONS, RATE);
  const loadAverageAfterSustained = os.loadavg();
  const evenlyPaced = await paced(DURATION, RATE, CONNECTIONS);
  const loadAverageAfterPaced = os.loadavg();
  const saturated = await run(SATURATE_DURATION, SATURATE_CONNECTIONS);
  const loadAverageAfter = os.loadavg();
  const { rows: counted } = await db.query<{ readings: number; alerts: number; notifications: number; audits: number }>(
    `SELECT (SELECT count(*) FROM vital_reading)::int AS readings, (SELECT count(*) FROM vital_alert)::int AS alerts,
            (SELECT count(*) FROM notification WHERE kind LIKE 'vitals.%')::int AS notifications,
            (SELECT count(*) FROM audit_log WHERE action = 'record.device.readings')::int AS audits`,
  );
  await db.end();

  const batchesPerSecond = Math.round(result.requests.average);
  const readingsPerSecond = batchesPerSecond * BATCH;
  const results = {
    benchmark: "device-ingest",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
    loadAverageBefore,
    loadAverageAfterSustained,
    loadAverageAfterPaced,
    loadAverageAfter,
    setup: `POST /api/v1/devices/readings through the fast route ahead of Next (server/http/deviceRoute.ts: bearer token's SM3, body ≤ 64 KB, each reading checked and flagged in TypeScript, then one statement on the main pool: device by token hash, unnest insert ON CONFLICT (source_key) DO NOTHING, alerts, last seen, audit row; the care team's notifications queued behind the answer); server and autocannon on the same machine; ${DEVICES} devices of ${DEVICES} residents (cards of one county hospital: its clinicians are the care team), batches of ${BATCH} readings (3 in 4 blood pressure, 1 in 4 pulse; 1 in ${FLAG_EVERY} flagged); sustained: ${RATE} batches/s offered on ${CONNECTIONS} connections for ${DURATION} s; saturated: ${SATURATE_CONNECTIONS} connections back to back for ${SATURATE_DURATION} s; database pool ${process.env.DATABASE_POOL_SIZE ?? 10}`,
    connections: CONNECTIONS,
    offeredBatchesPerSecond: RATE,
    durationSeconds: DURATION,
    saturated: {
      connections: SATURATE_CONNECTIONS,
      durationSeconds: SATURATE_DURATION,
      batchesPerSecond: Math.round(saturated.requests.average),
      readingsPerSecond: Math.round(saturated.requests.average) * BATCH,
      latencyMsPerBatch: { p50: saturated.latency.p50, p90: saturated.latency.p90, p99: saturated.latency.p99, max: saturated.latency.max },
      non2xx: saturated.non2xx,
    },
    evenlyPaced,
    sustained: {
      batchesPerSecond,
      readingsPerSecond,
      latencyMsPerBatch: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      totalBatches: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      byStatus: statuses,
      sampleBodies: samples,
    },
    stored: {
      readingsInDatabase: counted[0]!.readings,
      storedPerAnswers: storedSum,
      // Answers that arrived after autocannon stopped counting are stored but not in storedPerAnswers.
      batchesSent: next,
      sentInAnswered200s: (statuses["200"] ?? 0) * BATCH,
      warmUp: {
        seconds: WARMUP,
        batches: warmUpBatches,
        stored: storedInWarmUp,
        batchesPerSecond: Math.round(warmUp.requests.average),
        latencyMsPerBatch: { p50: warmUp.latency.p50, p99: warmUp.latency.p99, max: warmUp.latency.max },
      },
      alerts: counted[0]!.alerts,
      careTeamNotifications: counted[0]!.notifications,
      auditEntries: counted[0]!.audits,
    },
    target: { readingsPerSecond: 5000, p99MsPerBatch: 100 },
    // Every reading id is unique: every answered reading is stored, none twice, none that was never sent.
    everyReadingOnce: counted[0]!.readings >= storedSum && counted[0]!.readings <= next * BATCH,
    meetsTarget: evenlyPaced.readingsPerSecond >= 5000 && evenlyPaced.latencyMsPerBatch.p99 < 100 && evenlyPaced.failures === 0 && counted[0]!.readings >= storedSum && counted[0]!.readings <= next * BATCH,
  };
  writeResults("device-ingest", results);
} finally {
  await bench.stop();
}

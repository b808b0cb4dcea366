/**
 * Booking API under concurrent load: `NEXT_DIST_DIR=.next-cons npx tsx bench/booking.bench.ts`.
 * Starts the real server (POST /api/consultations/<id>/book, served by the fast route ahead of
 * Next, server/http/bookingRoute.ts; the full domain path in one round trip: row lock, slot check,
 * appointment + one hold per person under the exclusion constraint, reminder jobs, event, audit,
 * notifications) on a fresh PostgreSQL database, bulk-creates
 * assigned consultations, then drives it with autocannon from this process (same machine).
 * Every expert slot is requested by exactly two different consultations at once-ish, so half of
 * the answers are 409 "this time was just taken"; both count as booking requests served.
 * Afterwards it counts double bookings in SQL (must be 0), then measures the same domain function
 * called in-process (no HTTP) to show where the time goes.
 * Target: ≥ 1,500 bookings/s through the API with p99 < 50 ms and 0 double bookings (2 cores).
 * Writes bench/results/booking.json.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import autocannon from "autocannon";
import { startBenchServer, writeResults } from "./benchServer";
import pg from "pg";
import { encodeSessionToken } from "../server/auth/sessionCookie";
import { benchPlatform } from "./benchPlatform";

const PORT = Number(process.env.BENCH_PORT ?? 3409);
const DURATION = Number(process.env.DURATION ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const EXPERTS = 100;
const DOCTORS = 200;
const CONSULTATIONS = Number(process.env.CONSULTATIONS ?? 40_000);
const SLOT_MINUTES = 10;
const secret = randomBytes(32).toString("base64url");

const bench = await startBenchServer("booking", { port: PORT, defaultDistDir: ".next-cons", env: { AUTH_SECRET: secret } });
const dbUrl = bench.dbUrl;

/** Bulk data in SQL: experts with 30 days of 10-minute slots, doctors, assigned consultations. */
async function prepare(db: pg.Client, base: Date) {
  const { rows: inst } = await db.query(`SELECT (SELECT id FROM institution WHERE code='GDPH') AS prov, (SELECT id FROM institution WHERE code='WHXPH') AS county, (SELECT id FROM department WHERE code='CARD' AND institution_id=(SELECT id FROM institution WHERE code='GDPH')) AS dept`);
  const { prov, county, dept } = inst[0];
  await db.query(`INSERT INTO app_user (id, username, password_hash, display_name, role, institution_id, department_id, updated_at)
    SELECT md5('expert'||i)::uuid, 'bench.expert'||i, 'x', '专家'||i, 'SPECIALIST', $1, $2, now() FROM generate_series(0, ${EXPERTS - 1}) i`, [prov, dept]);
  await db.query(`INSERT INTO app_user (id, username, password_hash, display_name, role, institution_id, updated_at)
    SELECT md5('doctor'||i)::uuid, 'bench.doctor'||i, 'x', '医生'||i, 'COUNTY_DOCTOR', $1, now() FROM generate_series(0, ${DOCTORS - 1}) i`, [county]);
  await db.query(`INSERT INTO availability_exception (id, expert_id, kind, starts_at, ends_at, slot_minutes)
    SELECT gen_random_uuid(), md5('expert'||i)::uuid, 'EXTRA', $1, $1::timestamptz + interval '30 days', ${SLOT_MINUTES} FROM generate_series(0, ${EXPERTS - 1}) i`, [base]);
  await db.query(`INSERT INTO resident (id, master_index_id, name, updated_at) VALUES (md5('resident')::uuid, md5('a')||md5('b'), '压测患者', now())`);
  await db.query(`INSERT INTO consultation (id, number, status, type, specialty, resident_id, requester_id, requesting_institution_id, expert_id, clinical_summary, question, submitted_at, updated_at)
    SELECT gen_random_uuid(), 'BENCH'||k, 'ASSIGNED', 'REMOTE_CONSULTATION', 'CARD', md5('resident')::uuid, md5('doctor'||(k % ${DOCTORS}))::uuid, $1, md5('expert'||(k % ${EXPERTS}))::uuid, 'bench', 'bench', now(), now()
    FROM generate_series(0, ${CONSULTATIONS - 1}) k`, [county]);
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM consultation WHERE number LIKE 'BENCH%' ORDER BY substring(number from 6)::int`);
  return rows.map((row) => row.id);
}

/** Request k: its consultation's expert is k % EXPERTS; requests k and k + EXPERTS want the same slot. */
function slotFor(base: Date, k: number): string {
  return new Date(base.getTime() + Math.floor(k / (2 * EXPERTS)) * SLOT_MINUTES * 60_000).toISOString();
}

const doubleBookingSql = `
  SELECT (SELECT count(*) FROM person_booking a JOIN person_booking b ON a.user_id = b.user_id AND a.id < b.id AND a.active AND b.active
            AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at))::int AS overlapping_holds,
         (SELECT count(*) FROM (SELECT consultation_id FROM appointment WHERE cancelled_at IS NULL GROUP BY consultation_id HAVING count(*) > 1) x)::int AS consultations_booked_twice,
         (SELECT count(*) FROM consultation WHERE status = 'SCHEDULED')::int AS scheduled`;

try {
  const db = new pg.Client({ connectionString: dbUrl.toString() });
  await db.connect();
  // Slots from 26 hours ahead: reminders are queued for later, so the job runner does not compete here.
  const base = new Date(Math.ceil((Date.now() + 26 * 3_600_000) / 3_600_000) * 3_600_000);
  const ids = await prepare(db, base);
  const { rows: coordinatorRows } = await db.query(`SELECT id, username, display_name, institution_id FROM app_user WHERE username = 'coordinator'`);
  const coordinator = coordinatorRows[0];
  // A real server-side session of the coordinator (server/auth/sessions.ts), as signing in makes one.
  const { rows: sessionRows } = await db.query<{ id: string }>(
    `INSERT INTO user_session (id, user_id, created_at, last_seen_at, expires_at) VALUES (gen_random_uuid(), $1, now(), now(), now() + interval '12 hours') RETURNING id`,
    [coordinator.id],
  );
  const token = await encodeSessionToken(sessionRows[0]!.id, secret);
  let next = 0;
  const statuses: Record<string, number> = {};
  const samples: Record<string, string> = {};
  const run = (duration: number) =>
    autocannon({
      url: `http://127.0.0.1:${PORT}`,
      connections: CONNECTIONS,
      duration,
      requests: [
        // onResponse is autocannon's per-response hook (not in bench/healthcard-autocannon.d.ts).
        Object.assign(
          {
            method: "POST",
            // The platform page's Origin (PUBLIC_URL defaults to http://localhost:PORT): a cookie without it is refused as cross-site.
            headers: { cookie: `next-auth.session-token=${token}`, "content-type": "application/json", origin: `http://localhost:${PORT}` },
            setupRequest: (request: { path?: string; body?: string }) => {
              const k = next++ % ids.length;
              return { ...request, path: `/api/consultations/${ids[k]}/book`, body: JSON.stringify({ startsAt: slotFor(base, k) }) };
            },
          },
          {
            onResponse: (status: number, body: string) => {
              const key = status === 409 ? `409 ${/"code":"(\w+)"/.exec(body)?.[1] ?? ""}` : String(status);
              statuses[key] = (statuses[key] ?? 0) + 1;
              samples[key] ??= body.slice(0, 300);
            },
          },
        ),
      ],
    });
  const loadAverageBefore = os.loadavg()[0];
  await run(3); // warm-up: JIT, Next route compilation, pool
  const warmUp = next;
  const result = await run(DURATION);
  const check = (await db.query(doubleBookingSql)).rows[0];
  const { rows: outcome } = await db.query(`SELECT count(*) FILTER (WHERE status='SCHEDULED')::int AS won FROM consultation WHERE number = ANY($1)`, [Array.from({ length: next - warmUp }, (_, i) => `BENCH${(warmUp + i) % ids.length}`)]);

  // The same domain function in-process: the cost of the booking itself, without HTTP and Next.
  const platform = await benchPlatform(dbUrl.toString(), 10, secret);
  const { getDb } = await import("../server/db/client");
  const { bookConsultation } = await import("../server/scheduling/booking");
  const actor = { id: coordinator.id, username: coordinator.username, displayName: coordinator.display_name, role: "COORDINATOR" as const, institutionId: coordinator.institution_id };
  const domainStart = next + 2 * EXPERTS * 10;
  const domainCount = Math.min(4000, ids.length - domainStart);
  const latencies: number[] = [];
  let cursor = domainStart;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (cursor < domainStart + domainCount) {
        const k = cursor++;
        const t0 = performance.now();
        await bookConsultation(getDb(), actor, ids[k]!, { startsAt: new Date(slotFor(base, k)) }).catch(() => undefined);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const domainSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! * 10) / 10;
  const checkAfter = (await db.query(doubleBookingSql)).rows[0];
  await platform.close();
  await db.end();

  const rps = Math.round(result.requests.average);
  const results = {
    benchmark: "booking",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
    loadAverageBefore,
    setup: `POST /api/consultations/<id>/book through the fast route ahead of Next (server/http/bookingRoute.ts: the server-side session resolved from the cookie (cached 2 s), the access policy's role check, same-origin and content-type checks, zod, domain function = one PL/pgSQL round trip on a pg pool); server and autocannon on the same machine; ${EXPERTS} experts × 10-minute slots, every slot requested by two consultations (one wins, one gets 409 SLOT_TAKEN); database pool ${process.env.DATABASE_POOL_SIZE ?? 10}`,
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    http: {
      requestsPerSecond: rps,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      totalRequests: result.requests.total,
      bookingsWon: outcome[0].won,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      byStatus: statuses,
      sampleBodies: Object.fromEntries(Object.entries(samples).filter(([key]) => !key.startsWith("200"))),
    },
    domainInProcess: { concurrency: 10, calls: domainCount, callsPerSecond: Math.round(domainCount / domainSeconds), latencyMs: { p50: pct(50), p99: pct(99) } },
    doubleBookings: { overlappingHolds: checkAfter.overlapping_holds, consultationsBookedTwice: checkAfter.consultations_booked_twice, afterHttpPhase: check },
    before: { requestsPerSecond: 37, latencyMs: { p50: 390, p99: 1139 }, domainCallsPerSecond: 73, path: "Next route handler + about 12 Prisma queries in one transaction (commit c5c4261)" },
    target: { requestsPerSecond: 1500, p99Ms: 50, doubleBookings: 0 },
    meetsTarget: rps >= 1500 && result.latency.p99 < 50 && checkAfter.overlapping_holds === 0 && checkAfter.consultations_booked_twice === 0,
  };
  writeResults("booking", results);
} finally {
  await bench.stop();
}

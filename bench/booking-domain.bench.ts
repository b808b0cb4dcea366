/**
 * The booking domain call alone (no HTTP, no Next build): `npx tsx bench/booking-domain.bench.ts [variant…]`.
 * A fresh migrated PostgreSQL database with the demo data and the booking benchmark's bulk data, then
 * bookConsultation in-process at concurrency 10, per variant in one run so they share the machine's
 * state: `main` (as migrated), `no-xact-index` (audit_log_xact_idx dropped), `no-xact-default` (audit_log.xact defaults to 0, no transaction id read), `sealer` (an AuditSealer
 * every 2 s beside the calls, as the server runs one). Finds where the booking's time goes; the HTTP
 * figure is bench/booking.bench.ts. Writes bench/results/booking-domain.json.
 */
import os from "node:os";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { writeResults } from "./benchServer";
import { benchPlatform } from "./benchPlatform";

const CALLS = Number(process.env.CALLS ?? 6000);
const CONCURRENCY = 10;
const EXPERTS = 100;
const SLOT_MINUTES = 10;
const variants = process.argv.slice(2).length ? process.argv.slice(2) : ["main", "sealer", "main"];

const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const dbName = `rmp_bench_domain_${randomBytes(3).toString("hex")}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;

const db = new pg.Client({ connectionString: dbUrl.toString() });
await db.connect();
const { migrate } = await import("../server/db/migrate");
await migrate(db);
const platform = await benchPlatform(dbUrl.toString(), 10);
const { seedDemoData } = await import("../server/db/seed");
const { getDb } = await import("../server/db/client");
await seedDemoData(getDb());
const { bookConsultation } = await import("../server/scheduling/booking");
const { AuditSealer, sealAuditLog } = await import("../server/audit/chain");

const base = new Date(Math.ceil((Date.now() + 26 * 3_600_000) / 3_600_000) * 3_600_000);
const total = CALLS * variants.length;
const { rows: inst } = await db.query(`SELECT (SELECT id FROM institution WHERE code='GDPH') AS prov, (SELECT id FROM institution WHERE code='WHXPH') AS county, (SELECT id FROM department WHERE code='CARD' AND institution_id=(SELECT id FROM institution WHERE code='GDPH')) AS dept`);
const { prov, county, dept } = inst[0];
await db.query(`INSERT INTO app_user (id, username, password_hash, display_name, role, institution_id, department_id, updated_at)
  SELECT md5('expert'||i)::uuid, 'bench.expert'||i, 'x', '专家'||i, 'SPECIALIST', $1, $2, now() FROM generate_series(0, ${EXPERTS - 1}) i`, [prov, dept]);
await db.query(`INSERT INTO app_user (id, username, password_hash, display_name, role, institution_id, updated_at)
  SELECT md5('doctor'||i)::uuid, 'bench.doctor'||i, 'x', '医生'||i, 'COUNTY_DOCTOR', $1, now() FROM generate_series(0, 199) i`, [county]);
await db.query(`INSERT INTO availability_exception (id, expert_id, kind, starts_at, ends_at, slot_minutes)
  SELECT gen_random_uuid(), md5('expert'||i)::uuid, 'EXTRA', $1, $1::timestamptz + interval '60 days', ${SLOT_MINUTES} FROM generate_series(0, ${EXPERTS - 1}) i`, [base]);
await db.query(`INSERT INTO resident (id, master_index_id, name, updated_at) VALUES (md5('resident')::uuid, md5('a')||md5('b'), '压测患者', now())`);
await db.query(`INSERT INTO consultation (id, number, status, type, specialty, resident_id, requester_id, requesting_institution_id, expert_id, clinical_summary, question, submitted_at, updated_at)
  SELECT gen_random_uuid(), 'BENCH'||k, 'ASSIGNED', 'REMOTE_CONSULTATION', 'CARD', md5('resident')::uuid, md5('doctor'||(k % 200))::uuid, $1, md5('expert'||(k % ${EXPERTS}))::uuid, 'bench', 'bench', now(), now()
  FROM generate_series(0, ${total - 1}) k`, [county]);
const { rows } = await db.query<{ id: string }>(`SELECT id FROM consultation WHERE number LIKE 'BENCH%' ORDER BY substring(number from 6)::int`);
const ids = rows.map((row) => row.id);
const { rows: coordinatorRows } = await db.query(`SELECT id, username, display_name, institution_id FROM app_user WHERE username = 'coordinator'`);
const c = coordinatorRows[0];
const actor = { id: c.id, username: c.username, displayName: c.display_name, role: "COORDINATOR" as const, institutionId: c.institution_id };
const slotFor = (k: number) => new Date(base.getTime() + Math.floor(k / (2 * EXPERTS)) * SLOT_MINUTES * 60_000);
await db.query("VACUUM ANALYZE");

const results: Record<string, unknown>[] = [];
let offset = 0;
for (const variant of variants) {
  if (variant === "seal") {
    // Seals what the variants before wrote: the sealer's cost per entry (wall and this process's CPU).
    const { rows: pending } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)");
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const sealed = await sealAuditLog(platform.database.main);
    const ms = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    const row = { variant, loadAverageBefore: os.loadavg()[0], pending: pending[0]!.n, sealed, ms: Math.round(ms), entriesPerSecond: Math.round(sealed / (ms / 1000)), nodeCpuMsPerThousand: Math.round(((used.user + used.system) / 1000 / sealed) * 1000 * 10) / 10 };
    console.log(JSON.stringify(row));
    results.push(row);
    continue;
  }
  if (variant === "explain") {
    // auto_explain of every statement inside the booking function, as notices on a connection of its own.
    const client = new pg.Client({ connectionString: dbUrl.toString() });
    await client.connect();
    for (const setting of ["LOAD 'auto_explain'", "SET auto_explain.log_min_duration = 0", "SET auto_explain.log_analyze = on", "SET auto_explain.log_nested_statements = on", "SET auto_explain.log_buffers = on", "SET auto_explain.log_level = notice", "SET client_min_messages = notice"]) await client.query(setting);
    const notices: string[] = [];
    client.on("notice", (notice) => notices.push(notice.message ?? ""));
    const store = platform.bookingStore as unknown as { pool: unknown };
    const original = store.pool;
    store.pool = client;
    for (let i = 0; i < 3; i++) {
      notices.length = 0;
      await bookConsultation(getDb(), actor, ids[offset]!, { startsAt: slotFor(offset) }).catch((error: unknown) => console.error(error));
      offset++;
    }
    store.pool = original;
    await client.end();
    console.log(notices.join("\n\n"));
    continue;
  }
  let sealer: InstanceType<typeof AuditSealer> | undefined;
  if (variant === "no-xact-index") await db.query("DROP INDEX IF EXISTS audit_log_xact_idx");
  if (variant === "no-xact-default") await db.query("ALTER TABLE audit_log ALTER COLUMN xact SET DEFAULT 0");
  if (variant === "sealer") {
    sealer = new AuditSealer(platform.database.main, 2000);
    sealer.start();
  }
  const latencies: number[] = [];
  let cursor = offset;
  const end = offset + CALLS;
  const load = os.loadavg()[0];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (cursor < end) {
        const k = cursor++;
        const t0 = performance.now();
        await bookConsultation(getDb(), actor, ids[k]!, { startsAt: slotFor(k) }).catch(() => undefined);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await sealer?.stop();
  offset = end;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! * 10) / 10;
  const row = { variant, loadAverageBefore: load, calls: CALLS, callsPerSecond: Math.round(CALLS / seconds), p50: pct(50), p99: pct(99), nodeCpuMsPerCall: Math.round(((cpu.user + cpu.system) / 1000 / CALLS) * 100) / 100 };
  console.log(JSON.stringify(row));
  results.push(row);
}
await platform.close();
await db.end();
await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
await admin.end();
writeResults("booking-domain", { benchmark: "booking-domain", date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, concurrency: CONCURRENCY, results });

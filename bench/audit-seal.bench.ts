/**
 * The audit chain's cost: `npx tsx bench/audit-seal.bench.ts`. On a fresh PostgreSQL database,
 * WRITERS connections insert audit entries as fast as they can for DURATION seconds, first with
 * no sealer, then with the sealer running every AUDIT_SEAL_SECONDS (as each server process runs
 * it), sampling every second how many entries wait to be sealed. Then the backlog is sealed and
 * the whole log verified. Writes bench/results/audit-seal.json.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { AuditSealer, sealAuditLog } from "../server/audit/chain";
import { verifyAuditLog } from "../server/audit/verify";
import { migrate } from "../server/db/migrate";
import { writeResults } from "./benchServer";

const DURATION = Number(process.env.DURATION ?? 15);
const WRITERS = Number(process.env.WRITERS ?? 8);
const SEAL_MS = Number(process.env.AUDIT_SEAL_SECONDS ?? 2) * 1000;

const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const dbName = `rmp_bench_audit_${randomBytes(3).toString("hex")}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const url = new URL(serverUrl);
url.pathname = `/${dbName}`;

async function writeFor(pool: pg.Pool, seconds: number): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let written = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      while (Date.now() < until) {
        await pool.query("INSERT INTO audit_log (actor_role, action, target_type, target_id, request_id, details) VALUES ('SPECIALIST', 'consultation.book', 'consultation', $1, $2, $3)", [
          randomBytes(16).toString("hex"),
          randomBytes(8).toString("hex"),
          { from: "ASSIGNED", to: "SCHEDULED", startsAt: new Date().toISOString(), writer },
        ]);
        written += 1;
      }
    }),
  );
  return written;
}

const unsealedCount = async (pool: pg.Pool) =>
  Number((await pool.query<{ n: string }>("SELECT count(*)::text AS n FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)")).rows[0]?.n);

try {
  const setup = new pg.Client({ connectionString: url.toString() });
  await setup.connect();
  await setup.query("CREATE EXTENSION IF NOT EXISTS btree_gist");
  await migrate(setup);
  await setup.end();
  const writers = new pg.Pool({ connectionString: url.toString(), max: WRITERS });
  const sealerPool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  for (const pool of [writers, sealerPool]) pool.on("error", () => undefined);

  const withoutSealer = await writeFor(writers, DURATION);
  await sealAuditLog(sealerPool);

  const sealer = new AuditSealer(sealerPool, SEAL_MS);
  sealer.start();
  const waiting: number[] = [];
  const sampler = setInterval(() => void unsealedCount(sealerPool).then((n) => waiting.push(n)), 1000);
  const withSealer = await writeFor(writers, DURATION);
  clearInterval(sampler);
  await sealer.stop();

  const backlogStart = Date.now();
  const backlog = await sealAuditLog(sealerPool);
  const backlogMs = Date.now() - backlogStart;

  const verifyStart = Date.now();
  const verification = await verifyAuditLog(sealerPool);
  const verifyMs = Date.now() - verifyStart;

  const results = {
    writers: WRITERS,
    durationSeconds: DURATION,
    sealIntervalMs: SEAL_MS,
    insertsPerSecondWithoutSealer: Math.round(withoutSealer / DURATION),
    insertsPerSecondWithSealer: Math.round(withSealer / DURATION),
    waitingToBeSealed: { max: Math.max(...waiting), samples: waiting },
    backlogSealed: backlog,
    backlogMs,
    verified: verification.sealed,
    verifyOk: verification.ok,
    verifyEntriesPerSecond: Math.round(verification.sealed / (verifyMs / 1000)),
  };
  writeResults("audit-seal", results);
  await writers.end();
  await sealerPool.end();
} catch (error) {
  console.error("benchmark failed:", error);
  process.exitCode = 1;
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}

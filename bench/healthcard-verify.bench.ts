/**
 * Terminal verification API under load: `npx tsx bench/healthcard-verify.bench.ts`.
 * Starts the real server (server/index.ts, built into NEXT_DIST_DIR, default .next-hc) on a
 * fresh PostgreSQL database with configured keys, issues a terminal and 60 cards, then drives
 * POST /api/v1/health-card/verify with autocannon from this process (same 2-core machine) using
 * distinct single-use dynamic codes, so every request does the full work (decrypt, replay
 * insert, card lookup, audit). BENCH_URL + BENCH_TOKEN skip the self-start (not implemented for
 * codes: the keys must be known), so it always self-starts.
 * Target: ≥ 2,000 verifications/s with p99 < 20 ms. Writes bench/results/healthcard-verify.json.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";

const PORT = Number(process.env.BENCH_PORT ?? 3309);
const DURATION = Number(process.env.DURATION ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const CARDS = 60;
const root = path.resolve(import.meta.dirname, "..");
const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const dbName = `rmp_bench_verify_${randomBytes(3).toString("hex")}`;
const hex = (n: number) => randomBytes(n).toString("hex");
const keyEnv = {
  HEALTH_CARD_KEYS: JSON.stringify([{ version: 1, rootKey: hex(16), protectionKey: hex(16) }]),
  PII_KEYS: JSON.stringify([{ version: 1, key: hex(16) }]),
  PII_INDEX_KEY: hex(32),
};

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "rmp-bench-verify-"));
const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  cwd: root,
  env: { ...process.env, ...keyEnv, NODE_ENV: "production", PORT: String(PORT), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: dbUrl.toString(), SEED_DEMO_DATA: "true", SFU_WORKERS: "0", LOG_LEVEL: "warn", NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-hc" },
  stdio: ["ignore", "ignore", "inherit"],
});

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${PORT}/api/health`);
      // 503 "STARTING" until Next is ready; afterwards the health report (503 too without the SFU).
      if (!(await response.text()).includes('"STARTING"')) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("server did not start");
}

try {
  await waitForHealth();
  Object.assign(process.env, keyEnv, { DATABASE_URL: dbUrl.toString(), DATABASE_POOL_SIZE: "2" });
  const { getDb, disconnectDb } = await import("../server/db/client");
  const { getHealthCardKeys } = await import("../server/healthcard/keyStore");
  const { issueTerminal } = await import("../server/healthcard/terminals");
  const { registerAtWindow } = await import("../server/healthcard/residents");
  const { makeResidentId } = await import("../server/healthcard/testKeys");
  const { createDynamicQrCode } = await import("../server/healthcard/qr");
  const db = getDb();
  const keys = getHealthCardKeys();
  const adminUser = await db.user.findUniqueOrThrow({ where: { username: "inst.admin" } });
  const actor = { id: adminUser.id, username: adminUser.username, displayName: adminUser.displayName, role: adminUser.role, institutionId: adminUser.institutionId };
  const { token, terminal } = await issueTerminal(db, actor, { code: "BENCH-01", name: "bench" });
  const cardIds: string[] = [];
  for (let i = 0; i < CARDS; i++) cardIds.push((await registerAtWindow(db, actor, keys, { docType: "01", docNumber: makeResidentId(i, "441402", "19880808"), name: "测试" })).cardId);

  // Distinct codes: (card, validity seconds) pairs, validity from 300 s up to just under an hour.
  const needed = 6000 * (DURATION + 5);
  const bodies: string[] = [];
  const now = new Date();
  for (let i = 0; i < needed; i++) {
    const code = createDynamicQrCode(cardIds[i % CARDS] as string, keys.cards.current, { now, validitySeconds: 300 + (Math.floor(i / CARDS) % 3200) }).code;
    bodies.push(JSON.stringify({ code, terminalId: terminal.code, step: "registration" }));
  }
  let next = 0;
  const run = (duration: number) =>
    autocannon({
      url: `http://127.0.0.1:${PORT}`,
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          method: "POST",
          path: "/api/v1/health-card/verify",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        },
      ],
    });
  await run(5); // warm-up: JIT, prepared statements, pool
  // Other work on a shared machine skews the figures; record how busy it was.
  const loadAverageBefore = os.loadavg()[0];
  const result = await run(DURATION);
  const used = next;
  const replayed = await db.qrReplay.count();
  const results = {
    benchmark: "healthcard-verify",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
    loadAverageBefore,
    setup: "server and autocannon on the same machine; raw Node handler (server/http/fastRoutes.ts); every request a distinct dynamic code (decrypt + one round trip: replay INSERT ON CONFLICT + card SELECT, synchronous_commit off + batched audit)",
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    totalRequests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    codesUsed: used,
    replayRowsStored: replayed,
    target: { requestsPerSecond: 2000, p99Ms: 20 },
    meetsTarget: result.requests.average >= 2000 && result.latency.p99 < 20 && result.non2xx === 0,
  };
  const outDir = path.join(import.meta.dirname, "results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "healthcard-verify.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(JSON.stringify(results, null, 2));
  await disconnectDb();
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => (server.exitCode === null ? server.once("exit", resolve) : resolve(null)));
  rmSync(dataDir, { recursive: true, force: true });
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}

/**
 * Terminal verification API under load: `npx tsx bench/healthcard-verify.bench.ts`.
 * Starts the real server (server/index.ts, built into NEXT_DIST_DIR, default .next-hc) on a
 * fresh PostgreSQL database with configured keys, issues a terminal and 60 cards, then drives
 * POST /api/v1/health-card/verify with autocannon from this process (same 2-core machine) using
 * distinct single-use dynamic codes, issued (recorded in qr_issued) before the run as the portal
 * issues them, so every request does the full work (decrypt, card-binding tag, claim of the
 * issued-code row, card lookup, audit). BENCH_URL + BENCH_TOKEN skip the self-start (not implemented for
 * codes: the keys must be known), so it always self-starts.
 * Target: ≥ 2,000 verifications/s with p99 < 20 ms. Writes bench/results/healthcard-verify.json.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import autocannon from "autocannon";
import { startBenchServer, writeResults } from "./benchServer";
import { benchPlatform } from "./benchPlatform";

const PORT = Number(process.env.BENCH_PORT ?? 3309);
const DURATION = Number(process.env.DURATION ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const CARDS = 60;
const hex = (n: number) => randomBytes(n).toString("hex");
const keyEnv = {
  HEALTH_CARD_KEYS: JSON.stringify([{ version: 1, rootKey: hex(16), protectionKey: hex(16) }]),
  PII_KEYS: JSON.stringify([{ version: 1, key: hex(16) }]),
  PII_INDEX_KEY: hex(32),
};

const bench = await startBenchServer("verify", { port: PORT, defaultDistDir: ".next-hc", env: { ...keyEnv, LOG_LEVEL: "warn" } });
const dbUrl = bench.dbUrl;

try {
  Object.assign(process.env, keyEnv);
  const platform = await benchPlatform(dbUrl.toString(), 2);
  const { getDb } = await import("../server/db/client");
  const { getHealthCardKeys } = await import("../server/healthcard/keyStore");
  const { issueTerminal } = await import("../server/healthcard/terminals");
  const { registerAtWindow } = await import("../server/healthcard/residents");
  const { makeResidentId } = await import("../server/healthcard/testKeys");
  const { createDynamicQrCode } = await import("../server/healthcard/qr");
  const { recordIssuedCodes } = await import("../server/healthcard/issuedCodes");
  const db = getDb();
  const keys = getHealthCardKeys();
  const adminUser = await db.user.findUniqueOrThrow({ where: { username: "inst.admin" } });
  const actor = { id: adminUser.id, username: adminUser.username, displayName: adminUser.displayName, role: "INSTITUTION_ADMIN" as const, institutionId: adminUser.institutionId };
  const { token, terminal } = await issueTerminal(db, actor, { code: "BENCH-01", name: "bench" });
  const cardIds: string[] = [];
  for (let i = 0; i < CARDS; i++) cardIds.push((await registerAtWindow(db, actor, keys, { docType: "01", docNumber: makeResidentId(i, "441402", "19880808"), name: "测试" })).cardId);

  // Distinct codes: (card, validity seconds) pairs, validity from 300 s up to just under an hour.
  const needed = 6000 * (DURATION + 5);
  const bodies: string[] = [];
  const now = new Date();
  const issued = [];
  for (let i = 0; i < needed; i++) {
    const code = createDynamicQrCode(cardIds[i % CARDS] as string, keys.cards.current, { now, validitySeconds: 300 + (Math.floor(i / CARDS) % 3200) });
    issued.push(code);
    bodies.push(JSON.stringify({ code: code.code, terminalId: terminal.code, step: "registration" }));
  }
  await recordIssuedCodes(db, issued);
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
  const claimed = await db.qrIssued.count({ where: { claimedAt: { not: null } } });
  const results = {
    benchmark: "healthcard-verify",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
    loadAverageBefore,
    setup: "server and autocannon on the same machine; raw Node handler (server/http/fastRoutes.ts); every request a distinct issued dynamic code (decrypt + card-binding tag + one round trip: claim UPDATE of the issued-code row + card SELECT, synchronous_commit off + batched audit)",
    connections: CONNECTIONS,
    durationSeconds: DURATION,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    totalRequests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    codesUsed: used,
    issuedCodesClaimed: claimed,
    target: { requestsPerSecond: 2000, p99Ms: 20 },
    meetsTarget: result.requests.average >= 2000 && result.latency.p99 < 20 && result.non2xx === 0,
  };
  writeResults("healthcard-verify", results);
  await platform.close();
} finally {
  await bench.stop();
}

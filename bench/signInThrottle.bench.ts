/**
 * Sign-in throttling under a flood: `npx tsx bench/signInThrottle.bench.ts` (PostgreSQL on
 * TEST_DATABASE_SERVER_URL). Writes bench/results/signInThrottle.json. Issue 9: 200 parallel
 * sign-in attempts from one address while the owner signs in from another address; the
 * platform's real limits (server/limits.ts, the rate_limit table on the main pool) and the domain
 * sign-in with production-strength password hashes, called with the address as the custom server
 * passes it (the address rules see exactly what a trusted proxy's X-Forwarded-For would give).
 * Two floods: at the owner's account (wrong passwords), and at 200 different accounts.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { benchPlatform } from "./benchPlatform";

const ATTEMPTS = 200;
const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const dbName = `rmp_bench_signin_${randomBytes(3).toString("hex")}`;

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;

try {
  const migrator = new pg.Client({ connectionString: dbUrl.toString() });
  await migrator.connect();
  await migrator.query("CREATE EXTENSION IF NOT EXISTS btree_gist");
  const { migrate } = await import("../server/db/migrate");
  await migrate(migrator);
  await migrator.end();

  const platform = await benchPlatform(dbUrl.toString(), 10);
  const { hashPassword } = await import("../server/auth/password");
  const { signIn } = await import("../server/auth/signIn");
  const { isAppError } = await import("../lib/errors");
  const db = platform.db;
  const passwordHash = await hashPassword("Owner@2026"); // production parameters (scrypt N=2^17)

  async function scenario(name: string, usernameOf: (i: number) => string) {
    const owner = `owner_${randomBytes(3).toString("hex")}`;
    await db.user.create({ data: { username: owner, passwordHash, displayName: "院长", role: "INSTITUTION_ADMIN" } });
    const attacker = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    const outcomes: Record<string, number> = {};
    const load = [os.loadavg()[0] as number];
    const start = performance.now();
    const flood = Promise.all(
      Array.from({ length: ATTEMPTS }, async (_, i) => {
        const username = usernameOf(i) || owner;
        const code = await signIn(db, { username, password: `guess-${i}` }, platform.limits.signIn, { ip: attacker }).then(
          () => "SIGNED_IN",
          (error: unknown) => (isAppError(error) ? error.code : "ERROR"),
        );
        outcomes[code] = (outcomes[code] ?? 0) + 1;
      }),
    );
    // The owner, from the hospital's address, while the flood is under way.
    const ownerStart = performance.now();
    const ownerResult = await signIn(db, { username: owner, password: "Owner@2026" }, platform.limits.signIn, { ip: "203.0.113.10" }).then(
      () => "SIGNED_IN",
      (error: unknown) => (isAppError(error) ? error.code : String(error)),
    );
    const ownerMs = Math.round(performance.now() - ownerStart);
    await flood;
    const floodMs = Math.round(performance.now() - start);
    // Again after the flood: the account's failures from everywhere only slow the owner.
    const afterStart = performance.now();
    const afterResult = await signIn(db, { username: owner, password: "Owner@2026" }, platform.limits.signIn, { ip: "203.0.113.11" }).then(
      () => "SIGNED_IN",
      (error: unknown) => (isAppError(error) ? error.code : String(error)),
    );
    load.push(os.loadavg()[0] as number);
    return {
      scenario: name,
      attempts: ATTEMPTS,
      outcomes,
      throttled: outcomes.RATE_LIMITED ?? 0,
      passwordChecks: ATTEMPTS - (outcomes.RATE_LIMITED ?? 0),
      floodMs,
      owner: { result: ownerResult, msToSuccess: ownerMs },
      ownerAfterFlood: { result: afterResult, ms: Math.round(performance.now() - afterStart) },
      loadAverage: load.map((value) => Math.round(value * 100) / 100),
    };
  }

  const results = [
    await scenario("200 wrong passwords for the owner's account from one address", () => ""),
    await scenario("200 attempts at 200 different accounts from one address", (i) => `victim_${i}_${randomBytes(2).toString("hex")}`),
  ];
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    setup:
      "domain sign-in (server/auth/signIn.ts) with the platform's limits on the rate_limit table of a 10-connection pool (PostgreSQL, loopback); production scrypt hashes; the load and the database on the same 2 cores; policy: 20 attempts per address per 15 min, 5 per account and address, account slowed past 10 failures",
    results,
  };
  const dir = path.join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "signInThrottle.json"), JSON.stringify(report, null, 2) + "\n");
  console.log(JSON.stringify(report, null, 2));
  await platform.close();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}

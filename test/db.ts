/**
 * Helpers for integration tests: the platform on the run's database, and unique names so tests
 * never collide.
 *
 * Tests run on the real PostgreSQL server (a database of the run's own, see globalSetup.ts). The
 * vitest project "embedded" runs the store, queue and import tests again with
 * TEST_DATABASE=embedded: each test file then gets a fresh embedded PGlite database of its own
 * (the configuration `npm start` gives a newcomer), since one embedded session cannot be shared
 * by parallel test files.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { buildPlatform } from "@/server/compose";
import { getConfig } from "@/server/config";
import { startEmbeddedDatabase } from "@/server/db/embedded";
import { migrate } from "@/server/db/migrate";
import { legacySigningKeyProtection, type PlatformSecrets } from "@/server/keys/secrets";
import { getPlatform, hasPlatform, type Platform } from "@/server/platform";

export type TestDatabaseKind = "postgres" | "embedded";

/** Signs the test platform's session cookies. */
export const TEST_AUTH_SECRET = "test-auth-secret-0123456789-abcdefghijklmnop";

/** The test platform's secrets: fixed, each of its own (as server/keys/secrets.ts loads them). */
export function testSecrets(overrides: Partial<PlatformSecrets> = {}): PlatformSecrets {
  return {
    authSecret: TEST_AUTH_SECRET,
    joinTokenSecret: "test-join-token-secret-0123456789-abcdefghij",
    signingKeyProtection: { current: Buffer.from("00112233445566778899aabbccddeeff", "hex"), legacy: [legacySigningKeyProtection(TEST_AUTH_SECRET)] },
    ...overrides,
  };
}

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TEST_DATABASE === "embedded" ? "embedded" : "postgres";
}

/** The run's PostgreSQL database (for tests that open their own connections to it). */
export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

let starting: Promise<Platform> | undefined;

async function startEmbeddedForTest(): Promise<string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "rmp-test-embedded-"));
  const embedded = await startEmbeddedDatabase(dataDir);
  process.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  try {
    await migrate(client);
  } finally {
    await client.end();
  }
  return embedded.url;
}

/**
 * Builds this test file's platform (pools, Prisma, stores) on the test database, once per file;
 * later calls return the same platform.
 */
export function useTestDatabase(): Promise<Platform> {
  if (hasPlatform()) return Promise.resolve(getPlatform());
  starting ??= (async () => {
    const embedded = testDatabaseKind() === "embedded";
    const databaseUrl = embedded ? await startEmbeddedForTest() : testDatabaseUrl();
    // The job queue is built but not started: tests that need it start it. They poll fast and
    // send scheduled jobs themselves (no cron sweep across the test files' shared database).
    return buildPlatform({ config: getConfig(), secrets: testSecrets(), databaseUrl, embedded, poolSize: 5, jobs: { cron: false, pollSeconds: 0.5 } });
  })();
  return starting;
}

export function unique(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}

/**
 * Integration tests run against the real PostgreSQL server (TEST_DATABASE_SERVER_URL, default
 * 127.0.0.1:5432). Each run gets a fresh database of its own, migrated, and dropped at the end.
 * Tests read its URL with `inject("databaseUrl")` (see test/db.ts).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../server/db/migrate";
import { clearFuzzResults, firstSummaryOfRun, readFuzzSummary, report, summaryLine } from "./fuzz/tally";

export const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // The fuzz files write their counts for this run; the summary line is printed at the end.
  clearFuzzResults();
  const name = `rmp_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`Integration tests need PostgreSQL at ${serverUrl}: ${(error as Error).message}`);
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("CREATE EXTENSION IF NOT EXISTS btree_gist");
  await migrate(client);
  await client.end();
  project.provide("databaseUrl", databaseUrl);

  return async () => {
    const fuzz = readFuzzSummary();
    if (fuzz && firstSummaryOfRun()) report(`\n${summaryLine(fuzz)}\n`);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
}

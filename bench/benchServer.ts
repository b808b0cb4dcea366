/**
 * The platform's real server for an HTTP benchmark: a fresh PostgreSQL database, a temporary data
 * folder, server/index.ts in production mode (built into NEXT_DIST_DIR), and a clean-up that
 * removes both. SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server
 * (NODE_OPTIONS refuses --cpu-prof); KEEP_BENCH_DB=1 keeps the database to look at afterwards.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface BenchServer {
  /** The benchmark's own database on the same PostgreSQL server. */
  dbUrl: string;
  baseUrl: string;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "..");

export async function startBenchServer(name: string, options: { port: number; env?: Record<string, string>; defaultDistDir: string }): Promise<BenchServer> {
  const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const dbName = `rmp_bench_${name.replace(/\W/g, "_")}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `rmp-bench-${name}-`));
  const serverNodeArgs = process.env.SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const server = spawn(process.execPath, [...serverNodeArgs, "--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(options.port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      KEYS_DIR: path.join(dataDir, "keys"),
      // Demo keys, generated for this run (production refuses them otherwise).
      ALLOW_GENERATED_KEYS: "true",
      DATABASE_URL: dbUrl.toString(),
      SEED_DEMO_DATA: "true",
      SFU_WORKERS: "0",
      LOG_LEVEL: "error",
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? options.defaultDistDir,
      ...options.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => (server.exitCode === null ? server.once("exit", resolve) : resolve(null)));
    rmSync(dataDir, { recursive: true, force: true });
    if (process.env.KEEP_BENCH_DB) console.error(`kept database ${dbName}`);
    else await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  };
  try {
    await waitForHealth(baseUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  return { dbUrl: dbUrl.toString(), baseUrl, stop };
}

async function waitForHealth(baseUrl: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      // 503 "STARTING" until Next is ready; afterwards the health report (503 too without the SFU).
      if (!(await response.text()).includes('"STARTING"')) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("server did not start");
}

/** Writes bench/results/<name>.json and prints it. */
export function writeResults(name: string, results: object): void {
  const outDir = path.join(import.meta.dirname, "results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(results, null, 2) + "\n");
  console.log(JSON.stringify(results, null, 2));
}

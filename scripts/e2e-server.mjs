// Starts the production server for end-to-end tests.
//   --db postgres  a fresh database on the real PostgreSQL server (TEST_DATABASE_SERVER_URL,
//                  default postgresql://postgres@127.0.0.1:5432/postgres), dropped on exit
//   --db embedded  the embedded PGlite default, in a fresh temporary data folder
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const mode = option("db", "postgres");
const port = option("port", "3210");
const root = path.resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), `rmp-e2e-${mode}-`));
const keysDir = mkdtempSync(path.join(os.tmpdir(), `rmp-e2e-${mode}-keys-`));
// Media ports of their own per HTTP port (3290 → 59000-59099), so parallel runs never share an
// RTC range; above the integration tests' fixed ranges (43000-45999).
const rtcMinPort = 50_000 + (Number(port) % 100) * 100;
const env = {
  ...process.env,
  NODE_ENV: "production",
  PORT: port,
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  KEYS_DIR: keysDir,
  // A production server on demo keys, generated into its own temporary keys folder.
  ALLOW_GENERATED_KEYS: "true",
  SEED_DEMO_DATA: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  PUBLIC_URL: `http://localhost:${port}`,
  RTC_MIN_PORT: String(rtcMinPort),
  RTC_MAX_PORT: String(rtcMinPort + 99),
};
delete env.DATABASE_URL;

let dropDatabase = async () => {};
if (mode === "postgres") {
  const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `rmp_e2e_${port}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  dropDatabase = async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  };
}

const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], { cwd: root, env, stdio: "inherit" });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  child.kill("SIGTERM");
  const code = await new Promise((resolve) => (child.exitCode === null && child.signalCode === null ? child.once("exit", (exitCode) => resolve(exitCode)) : resolve(child.exitCode)));
  await dropDatabase().catch((error) => console.error("could not drop the e2e database:", error.message));
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(keysDir, { recursive: true, force: true });
  // The server's own exit code (null when a signal killed it): the shutdown test reads it.
  console.error(`[e2e-server] server exited with code ${code}`);
  process.exit(code === 0 ? 0 : 1);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => {
  if (!stopping) process.exit(code ?? 1);
});

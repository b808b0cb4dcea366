// `npm start`: builds the production bundle when it is missing or older than the sources,
// then runs the platform's server in production mode.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
const sourceDirs = ["app", "components", "lib", "server", "public", "prisma"];
const sourceFiles = ["next.config.js", "package.json", "package-lock.json", "tsconfig.json"];

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ["scripts/prisma-generate.mjs"]);
// The SFU worker: fetched here on the first start when it is missing (never fails the start).
run(process.execPath, ["--import", "tsx", "scripts/system-deps.ts", "start"]);
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const sourcesAt = Math.max(...[...sourceDirs, ...sourceFiles].map((entry) => newestMtime(path.join(root, entry))));
if (builtAt < sourcesAt || process.env.FORCE_BUILD === "1") {
  console.log("[start] building the portal (first start or sources changed; this takes a minute or two)…");
  run(process.execPath, ["node_modules/next/dist/bin/next", "build"], { NEXT_TELEMETRY_DISABLED: "1" });
}
// Production refuses generated demo keys (server/keys/secrets.ts). The embedded database is the
// demo (no DATABASE_URL): there, and only there, `npm start` allows them unless told otherwise.
const demoKeys = !process.env.DATABASE_URL && !process.env.ALLOW_GENERATED_KEYS;
if (demoKeys) console.log("[start] demo on the embedded database: keys not configured are generated into KEYS_DIR (ALLOW_GENERATED_KEYS=true)");
run(process.execPath, ["--import", "tsx", "server/index.ts"], {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  ...(demoKeys ? { ALLOW_GENERATED_KEYS: "true" } : {}),
});

/**
 * The fuzz suite at a larger size: `npx tsx bench/fuzz.bench.ts [scale]` (default 10, i.e. ten
 * times the inputs `npm test` generates; 1 gives the CI-size figures). Runs every `*.fuzz.*` test
 * file with FUZZ_RUNS=scale on a fresh test database and writes the counts per target, the total,
 * the 500s, crashes and hangs, and the wall time to bench/results/fuzz-x<scale>.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readFuzzSummary, summaryLine } from "../test/fuzz/tally";

const scale = Number(process.argv[2] ?? "10");
if (!Number.isFinite(scale) || scale <= 0) throw new Error("usage: npx tsx bench/fuzz.bench.ts [scale > 0]");

const root = path.resolve(import.meta.dirname, "..");
const loadBefore = os.loadavg();
const started = performance.now();
const run = spawnSync("npx", ["vitest", "run", "--project", "postgres", ".fuzz."], { cwd: root, env: { ...process.env, FUZZ_RUNS: String(scale), FUZZ_SEED: process.env.FUZZ_SEED ?? String(Date.now()) }, stdio: "inherit" });
const seconds = Math.round((performance.now() - started) / 100) / 10;
const summary = readFuzzSummary();
if (!summary) throw new Error("the fuzz files wrote no counts (.test-results/fuzz/)");

const result = {
  benchmark: "fuzz",
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.split(" ").slice(0, 2).join(" "), node: process.version },
  scale,
  loadAverageBefore: loadBefore.map((n) => Math.round(n * 10) / 10),
  loadAverageAfter: os.loadavg().map((n) => Math.round(n * 10) / 10),
  wallSeconds: seconds,
  vitestExitCode: run.status,
  targets: summary.targets,
  total: summary.total,
  summary: summaryLine(summary),
};
mkdirSync(path.join(root, "bench/results"), { recursive: true });
const file = path.join(root, `bench/results/fuzz-x${scale}.json`);
writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
console.log(`${result.summary}\n${seconds} s, load average ${result.loadAverageBefore.join(" ")} → ${result.loadAverageAfter.join(" ")}; written to ${path.relative(root, file)}`);
process.exitCode = run.status ?? 1;

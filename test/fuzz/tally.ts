/**
 * The fuzz suite's bookkeeping: how many generated inputs each target gets (FUZZ_RUNS scales
 * every count: 1 in CI, 10 in the bench run), a per-input time limit, and the tally of inputs,
 * 500s, crashes and hangs per target. Each fuzz file writes its tally to .test-results/fuzz/, and
 * test/globalSetup.ts prints the run's summary line from those files when vitest ends.
 */
import fc from "fast-check";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const FUZZ_RESULTS_DIR = path.resolve(import.meta.dirname, "../../.test-results/fuzz");

/** An input that takes longer than this is a hang. */
export const INPUT_TIMEOUT_MS = 10_000;

export function fuzzScale(): number {
  const scale = Number(process.env.FUZZ_RUNS ?? "1");
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

/**
 * The seed of every property: FUZZ_SEED, else a fixed one, so `npm test` draws the same inputs on
 * every run and a red CI is reproducible; bench/fuzz.bench.ts draws a new seed each run to explore.
 */
export const FUZZ_SEED = Number.isSafeInteger(Number(process.env.FUZZ_SEED)) && process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_261_203;
fc.configureGlobal({ seed: FUZZ_SEED });

/** The number of runs of a property: `base` times FUZZ_RUNS. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * fuzzScale()));
}

export interface TargetCounts {
  inputs: number;
  /** HTTP 500s, or socket acks with code INTERNAL. */
  serverErrors: number;
  /** An exception other than the domain's own error types, or a response of the wrong shape. */
  crashes: number;
  hangs: number;
}

export class HangError extends Error {}

/** The promise's value, or HangError after INPUT_TIMEOUT_MS (the input is then counted as a hang). */
export async function withinTimeLimit<T>(work: Promise<T>, ms = INPUT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HangError(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

export class FuzzTally {
  private readonly targets = new Map<string, TargetCounts>();
  /** The first few findings per target, for the failure message. */
  readonly findings: string[] = [];

  constructor(private readonly file: string) {}

  private counts(target: string): TargetCounts {
    let counts = this.targets.get(target);
    if (!counts) {
      counts = { inputs: 0, serverErrors: 0, crashes: 0, hangs: 0 };
      this.targets.set(target, counts);
    }
    return counts;
  }

  input(target: string): void {
    this.counts(target).inputs++;
  }

  finding(target: string, kind: "serverErrors" | "crashes" | "hangs", what: string): void {
    this.counts(target)[kind]++;
    if (this.findings.length < 20) this.findings.push(`${target} [${kind}] ${what.slice(0, 600)}`);
  }

  of(target: string): TargetCounts {
    return { ...this.counts(target) };
  }

  /** Writes this file's counts for the run summary and returns them. */
  save(): Record<string, TargetCounts> {
    const all = Object.fromEntries(this.targets);
    mkdirSync(FUZZ_RESULTS_DIR, { recursive: true });
    writeFileSync(path.join(FUZZ_RESULTS_DIR, `${this.file}-${process.pid}.json`), JSON.stringify(all));
    return all;
  }
}

/** Removes the last run's counts (at the start of a vitest run). */
export function clearFuzzResults(): void {
  rmSync(FUZZ_RESULTS_DIR, { recursive: true, force: true });
}

export interface FuzzSummary {
  targets: Record<string, TargetCounts>;
  total: TargetCounts;
}

/** Every fuzz file's counts of this run, merged. */
export function readFuzzSummary(): FuzzSummary | null {
  let files: string[];
  try {
    files = readdirSync(FUZZ_RESULTS_DIR).filter((name) => name.endsWith(".json"));
  } catch {
    return null;
  }
  if (files.length === 0) return null;
  const targets: Record<string, TargetCounts> = {};
  for (const file of files) {
    const counts = JSON.parse(readFileSync(path.join(FUZZ_RESULTS_DIR, file), "utf8")) as Record<string, TargetCounts>;
    for (const [target, c] of Object.entries(counts)) {
      const into = (targets[target] ??= { inputs: 0, serverErrors: 0, crashes: 0, hangs: 0 });
      into.inputs += c.inputs;
      into.serverErrors += c.serverErrors;
      into.crashes += c.crashes;
      into.hangs += c.hangs;
    }
  }
  const total = { inputs: 0, serverErrors: 0, crashes: 0, hangs: 0 };
  for (const c of Object.values(targets)) {
    total.inputs += c.inputs;
    total.serverErrors += c.serverErrors;
    total.crashes += c.crashes;
    total.hangs += c.hangs;
  }
  return { targets, total };
}

/** True the first time it is asked in a run: vitest tears down once per project, the summary is printed once. */
export function firstSummaryOfRun(): boolean {
  const marker = path.join(FUZZ_RESULTS_DIR, "summary.printed");
  try {
    writeFileSync(marker, "", { flag: "wx" });
    return true;
  } catch {
    return false;
  }
}

export function summaryLine(summary: FuzzSummary): string {
  const perTarget = Object.entries(summary.targets)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([target, c]) => `${target} ${c.inputs}`)
    .join(", ");
  const { total } = summary;
  return `fuzz: ${perTarget}; total ${total.inputs} inputs, ${total.serverErrors} responses of 500, ${total.crashes} crashes, ${total.hangs} hangs`;
}

/** A line of the fuzz report on the run's output (the counts the suite exists to give, not debugging noise). */
export function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

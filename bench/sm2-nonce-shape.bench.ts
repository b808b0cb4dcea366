/**
 * SM2 signing time by nonce shape (issue 10): `npx tsx bench/sm2-nonce-shape.bench.ts`.
 * Writes bench/results/sm2-nonce-shape.json. One thread.
 *
 * Shapes: 16-bit, 128-bit and 255-bit nonces, and 256-bit nonces that are sparse (about 8 bits
 * set) or dense (about 240 set); every nonce is freshly drawn in its shape. Each round times one
 * operation of every (shape, measurement) pair, in a fresh random order, so machine noise falls on
 * all shapes alike; the figure per shape is the median over the rounds. Single operations rather
 * than batches: on the shared 2 cores a batch of several milliseconds is often pre-empted, a
 * single operation seldom, so the median stays close to the undisturbed time. Measured side by
 * side: signing and k·G as they are now (OpenSSL's ladder), and as they were before issue 10
 * (our variable-time fixed-base code, rebuilt here from the same curve functions).
 * Goal: < 5 % between sparse and dense nonces and between short and long ones, judged on
 * paired ratios (see pairedRatio).
 * Also: verification throughput (goal ≥ 300/s) and sm-crypto's own sign and verify.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SM2_DEFAULT_USER_ID, generateSm2KeyPair, sm2Sign, sm2SignReference, sm2SignWithNonces, sm2Verify, sm2VerifyReference } from "../server/crypto/sm2";
import { A, B, GX, GY, N, invert, multiplyBaseVariableTime } from "../server/crypto/sm2Curve";
import { multiplyBaseSecret } from "../server/crypto/sm2SecretScalar";

const ROUNDS = 1501;
const GOAL_RELATIVE_DIFFERENCE = 0.05;
const VERIFY_TARGET_PER_SECOND = 300;

const loadBefore = os.loadavg();
const hex64 = (v: bigint) => v.toString(16).padStart(64, "0");
const bigOf = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
const random256 = () => bigOf(randomBytes(32));
const bytesOf = (k: bigint) => Buffer.from(hex64(k), "hex");
const bitCount = (k: bigint) => k.toString(2).replaceAll("0", "").length;

const DENSE_HIGH_HALF = (N >> 128n) - 1n; // one below n's high half, so any low half stays below n
const SHAPES: Record<string, () => bigint> = {
  short16: () => (random256() >> 240n) | (1n << 15n),
  bits128: () => (random256() >> 128n) | (1n << 127n),
  bits255: () => (random256() >> 1n) | (1n << 254n),
  sparse256: () => {
    let k = 1n << 255n;
    for (let i = 0; i < 7; i++) k |= 1n << BigInt((randomBytes(1)[0] as number) % 255);
    return k;
  },
  dense256: () => {
    const low = (random256() | random256() | random256() | random256()) >> 128n;
    return (DENSE_HIGH_HALF << 128n) | low;
  },
};

// The signer before issue 10 (sm2.ts at main before this change): every scalar through the
// variable-time fixed-base multiplication, (1 + d)⁻¹ by plain Euclid.
function userHash(x: bigint, y: bigint): Buffer {
  const id = Buffer.from(SM2_DEFAULT_USER_ID, "utf8");
  const entl = Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]);
  const parts = [A, B, GX, GY, x, y].map((v) => Buffer.from(hex64(v), "hex"));
  return createHash("sm3").update(Buffer.concat([entl, id, ...parts])).digest();
}
function previousSign(message: Buffer, privateKey: string, k: bigint): string {
  const d = BigInt(`0x${privateKey}`);
  const publicPoint = multiplyBaseVariableTime(d);
  const e = BigInt(`0x${createHash("sm3").update(userHash(publicPoint.x, publicPoint.y)).update(message).digest("hex")}`);
  const dPlusOneInverse = invert(1n + d, N);
  const r = (e + multiplyBaseVariableTime(k).x) % N;
  const s = (((dPlusOneInverse * (k - r * d)) % N) + N) % N;
  return hex64(r) + hex64(s);
}

const message = Buffer.from(JSON.stringify({ consultation: "HZ-2026-000123", opinion: "诊断意见".repeat(40), version: 3 }));
const signer = generateSm2KeyPair();
for (const shape of Object.values(SHAPES)) {
  const k = shape();
  if (k < 1n || k >= N) throw new Error("nonce shape out of range");
  if (!sm2Verify(message, previousSign(message, signer.privateKey, k), signer.publicKey)) throw new Error("previous signer broken");
  if (!sm2Verify(message, sm2SignWithNonces(message, signer.privateKey, {}, () => bytesOf(k)), signer.publicKey)) throw new Error("signer broken");
}

type Measurement = "signNow" | "signBefore" | "kgNow" | "kgBefore";
const OPERATIONS: Record<Measurement, (k: bigint, bytes: Buffer) => unknown> = {
  signNow: (_k, bytes) => sm2SignWithNonces(message, signer.privateKey, {}, () => bytes),
  signBefore: (k) => previousSign(message, signer.privateKey, k),
  kgNow: (_k, bytes) => multiplyBaseSecret(bytes),
  kgBefore: (k) => multiplyBaseVariableTime(k),
};

const shuffled = <T>(items: T[]): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (randomBytes(1)[0] as number) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

const batches = Object.keys(SHAPES).flatMap((shape) => (Object.keys(OPERATIONS) as Measurement[]).map((op) => ({ shape, op })));
const samples = new Map<string, number[]>();
const weights = new Map<string, number[]>();
for (let round = -20; round < ROUNDS; round++) {
  // Rounds below 0 warm up the JIT and the fixed-base table; they are not recorded.
  for (const { shape, op } of shuffled(batches)) {
    const k = (SHAPES[shape] as () => bigint)();
    const bytes = bytesOf(k);
    const run = OPERATIONS[op];
    const start = process.hrtime.bigint();
    run(k, bytes);
    const microseconds = Number(process.hrtime.bigint() - start) / 1000;
    if (round < 0) continue;
    const key = `${op}/${shape}`;
    samples.set(key, samples.get(key) ?? []);
    samples.get(key)?.push(microseconds);
    weights.set(shape, weights.get(shape) ?? []);
    if (op === "kgNow") weights.get(shape)?.push(bitCount(k));
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round1 = (n: number) => Math.round(n * 10) / 10;
const relative = (a: number, b: number) => Math.round((Math.abs(a - b) / Math.min(a, b)) * 1000) / 1000;

const byShape = Object.fromEntries(
  (Object.keys(OPERATIONS) as Measurement[]).map((op) => [
    op,
    Object.fromEntries(Object.keys(SHAPES).map((shape) => [shape, round1(median(samples.get(`${op}/${shape}`) ?? []))])),
  ]),
) as Record<Measurement, Record<string, number>>;

/**
 * Per round, one shape's time over another's in the same round, then the median over rounds:
 * samples taken milliseconds apart share the machine's load, so the ratio cancels much of it.
 */
function pairedRatio(op: Measurement, shape: string, baseline: string): number {
  const base = samples.get(`${op}/${baseline}`) ?? [];
  const own = samples.get(`${op}/${shape}`) ?? [];
  return Math.round(median(own.map((t, i) => t / (base[i] as number))) * 1000) / 1000;
}

function pairedDifferences(op: Measurement) {
  const toDense = Object.fromEntries(Object.keys(SHAPES).map((shape) => [shape, pairedRatio(op, shape, "dense256")]));
  const gap = (ratio: number) => Math.round(Math.abs(ratio - 1) * 1000) / 1000;
  return {
    ratioToDense: toDense,
    sparseVsDense: gap(pairedRatio(op, "sparse256", "dense256")),
    shortVsDense: gap(pairedRatio(op, "short16", "dense256")),
    shortVs255: gap(pairedRatio(op, "short16", "bits255")),
  };
}

function differences(op: Measurement) {
  const t = byShape[op];
  const values = Object.values(t);
  const at = (shape: string) => t[shape] as number;
  return {
    sparseVsDense: relative(at("sparse256"), at("dense256")),
    shortVsDense: relative(at("short16"), at("dense256")),
    shortVs255: relative(at("short16"), at("bits255")),
    largestBetweenAnyShapes: relative(Math.max(...values), Math.min(...values)),
  };
}

/**
 * Operations per second of wall clock and per second of this process's CPU time: on the shared
 * machine the wall clock also counts the time other processes held the cores.
 */
function throughput(seconds: number, operation: (i: number) => void) {
  for (let i = 0; i < 5; i++) operation(i);
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let operations = 0;
  while (performance.now() - start < seconds * 1000) operation(operations++);
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    operations,
    seconds: round1(elapsed),
    cpuSeconds: round1(cpuSeconds),
    perSecond: round1(operations / elapsed),
    perCpuSecond: round1(operations / cpuSeconds),
  };
}

const KEYS = 64;
const pairs = Array.from({ length: KEYS }, () => generateSm2KeyPair());
const signatures = pairs.map((pair) => sm2Sign(message, pair.privateKey));
const check = (ok: boolean) => {
  if (!ok) throw new Error("verification failed");
};
const verifyOurs = throughput(3, (i) => check(sm2Verify(message, signatures[i % KEYS] as string, pairs[i % KEYS]?.publicKey as string)));
const verifySmCrypto = throughput(3, (i) => check(sm2VerifyReference(message, signatures[i % KEYS] as string, pairs[i % KEYS]?.publicKey as string)));
const signOurs = throughput(3, (i) => sm2Sign(message, pairs[i % KEYS]?.privateKey as string));
const signSmCrypto = throughput(3, (i) => sm2SignReference(message, pairs[i % KEYS]?.privateKey as string));

const signPaired = pairedDifferences("signNow");
const results = {
  generatedAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "unknown", node: process.version, openssl: process.versions.openssl },
  loadAverage: { before: loadBefore.map(round1), after: os.loadavg().map(round1) },
  method: { rounds: ROUNDS, figure: "median over rounds of one operation's time, µs" },
  meanBitsSet: Object.fromEntries([...weights].map(([shape, w]) => [shape, round1(w.reduce((a, b) => a + b, 0) / w.length)])),
  microseconds: byShape,
  pairedDifferences: {
    signNow: signPaired,
    kgNow: pairedDifferences("kgNow"),
    signBefore: pairedDifferences("signBefore"),
    kgBefore: pairedDifferences("kgBefore"),
  },
  // The same from each shape's own median: more exposed to load that changes within a run.
  unpairedDifferences: {
    signNow: differences("signNow"),
    kgNow: differences("kgNow"),
    signBefore: differences("signBefore"),
    kgBefore: differences("kgBefore"),
  },
  goal: {
    relativeDifference: GOAL_RELATIVE_DIFFERENCE,
    judgedOn: "paired differences of signing",
    met: Math.max(signPaired.sparseVsDense, signPaired.shortVsDense, signPaired.shortVs255) < GOAL_RELATIVE_DIFFERENCE,
  },
  throughput: {
    verifyOurs64Keys: verifyOurs,
    verifySmCrypto: verifySmCrypto,
    verifyRatioOursToSmCrypto: round1(verifyOurs.perCpuSecond / verifySmCrypto.perCpuSecond),
    verifyTargetPerSecond: VERIFY_TARGET_PER_SECOND,
    verifyTargetMet: { wallClock: verifyOurs.perSecond >= VERIFY_TARGET_PER_SECOND, cpuTime: verifyOurs.perCpuSecond >= VERIFY_TARGET_PER_SECOND },
    signOurs,
    signSmCrypto,
    ratiosFrom: "per CPU second",
    signRatioOursToSmCrypto: round1(signOurs.perCpuSecond / signSmCrypto.perCpuSecond),
  },
};

const outDir = path.join(import.meta.dirname, "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "sm2-nonce-shape.json"), JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));

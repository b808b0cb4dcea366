/**
 * National-algorithm throughput on this machine: `npx tsx bench/sm-crypto.bench.ts`.
 * Writes bench/results/sm-crypto.json. Single-threaded figures (one core).
 * Issue 3 target: SM2 verification ≥ 300/s.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateSm2KeyPair, sm2Sign, sm2Verify, sm2VerifyReference, sm3 } from "../server/crypto/sm";
import { computeCardId, generateMasterIndexId } from "../server/healthcard/cardId";
import { createDynamicQrCode, verifyQrCode } from "../server/healthcard/qr";
import { createKeyring, generateHealthCardKeySetConfig, healthCardKeySetFromConfig } from "../server/healthcard/keys";

const SM2_TARGET_PER_SECOND = 300;

interface Measurement {
  operations: number;
  seconds: number;
  perSecond: number;
}

function measure(seconds: number, operation: (i: number) => void): Measurement {
  for (let i = 0; i < 20; i++) operation(i); // warm-up: JIT and lazy tables
  const start = performance.now();
  let operations = 0;
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < 10; i++) operation(operations++);
  }
  const elapsed = (performance.now() - start) / 1000;
  return { operations, seconds: round(elapsed), perSecond: round(operations / elapsed) };
}

async function measureAsync(seconds: number, operation: (i: number) => Promise<unknown>): Promise<Measurement> {
  const start = performance.now();
  let operations = 0;
  while (performance.now() - start < seconds * 1000) await operation(operations++);
  const elapsed = (performance.now() - start) / 1000;
  return { operations, seconds: round(elapsed), perSecond: round(operations / elapsed) };
}

const round = (n: number) => Math.round(n * 10) / 10;

// SM2: 64 keys, so both a repeated key (terminal, cached) and a fresh key each time are seen.
const KEYS = 64;
const pairs = Array.from({ length: KEYS }, () => generateSm2KeyPair());
const message = Buffer.from(JSON.stringify({ code: "A".repeat(64) + ":1", terminalId: "440100001-ER", step: "registration" }));
const signatures = pairs.map((pair) => sm2Sign(message, pair.privateKey));

const sm2FastSameKey = measure(3, () => {
  if (!sm2Verify(message, signatures[0] as string, pairs[0]?.publicKey as string)) throw new Error("verify failed");
});
const sm2FastRotatingKeys = measure(3, (i) => {
  const k = i % KEYS;
  if (!sm2Verify(message, signatures[k] as string, pairs[k]?.publicKey as string)) throw new Error("verify failed");
});
const sm2FreshKeys = (() => {
  // Each verification with a never-seen key (cache cold): pay the per-key preparation every time.
  const fresh = Array.from({ length: 150 }, () => {
    const pair = generateSm2KeyPair();
    return { publicKey: pair.publicKey, signature: sm2Sign(message, pair.privateKey) };
  });
  const start = performance.now();
  for (const { publicKey, signature } of fresh) if (!sm2Verify(message, signature, publicKey)) throw new Error("verify failed");
  const elapsed = (performance.now() - start) / 1000;
  return { operations: fresh.length, seconds: round(elapsed), perSecond: round(fresh.length / elapsed) };
})();
const sm2Reference = measure(3, (i) => {
  const k = i % KEYS;
  if (!sm2VerifyReference(message, signatures[k] as string, pairs[k]?.publicKey as string)) throw new Error("verify failed");
});
const sm2SignOurs = measure(2, (i) => sm2Sign(message, pairs[i % KEYS]?.privateKey as string));

// SM4 card IDs: a different resident each time (key derivation + two-block encryption).
const keySet = healthCardKeySetFromConfig(generateHealthCardKeySetConfig(1));
const masterIndexIds = Array.from({ length: 1024 }, () => generateMasterIndexId());
const cardIds = measure(3, (i) => {
  computeCardId({ rootKey: keySet.rootKey, masterIndexId: masterIndexIds[i % 1024] as string, docType: "01", docNumber: "11010519491231002X" });
});

// SM3 over a 64-byte message (a master index ID) and over 4 KiB.
const small = Buffer.alloc(64, 7);
const large = Buffer.alloc(4096, 7);
const sm3Small = measure(2, () => sm3(small));
const sm3Large = measure(2, () => sm3(large));

// Dynamic QR verification without the database: decrypt, card-binding tag, time check (the
// one-use claim is the database's, measured by healthcard-verify.bench.ts).
const keyring = createKeyring([keySet], 1);
const cardId = computeCardId({ rootKey: keySet.rootKey, masterIndexId: masterIndexIds[0] as string, docType: "01", docNumber: "11010519491231002X" });
const qrCodes = Array.from({ length: 20_000 }, (_, i) => createDynamicQrCode(cardId, keySet, { now: new Date(Date.now() + i * 1000), validitySeconds: 60 }).code);
const qrVerify = await measureAsync(2, (i) =>
  verifyQrCode(qrCodes[i % qrCodes.length] as string, keyring, {
    maxAheadSeconds: 86_400,
  }),
);

const results = {
  generatedAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "unknown", node: process.version, openssl: process.versions.openssl },
  sm2Verify: {
    targetPerSecond: SM2_TARGET_PER_SECOND,
    oursSameKey: sm2FastSameKey,
    oursRotating64Keys: sm2FastRotatingKeys,
    oursFreshKeyEachTime: sm2FreshKeys,
    smCryptoReference: sm2Reference,
    speedupVsSmCrypto: round(sm2FastRotatingKeys.perSecond / sm2Reference.perSecond),
    targetMet: Math.min(sm2FastRotatingKeys.perSecond, sm2FreshKeys.perSecond) >= SM2_TARGET_PER_SECOND,
  },
  sm2Sign: { ours: sm2SignOurs },
  sm4CardIdComputations: cardIds,
  sm3: { bytes64: sm3Small, bytes4096: sm3Large },
  dynamicQrVerifyWithoutDatabase: qrVerify,
};

const outDir = path.join(import.meta.dirname, "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, "sm-crypto.json"), JSON.stringify(results, null, 2) + "\n");
console.log(JSON.stringify(results, null, 2));

/**
 * SM2 signatures (GB/T 32918.2) with the SM3 digest e = SM3(Z_A ‖ M), Z_A per GM/T 0009 with
 * the default user ID "1234567812345678". Keys and signatures are hex, as sm-crypto writes them:
 * private key 64 hex, public key "04" + x + y (130 hex), signature r ‖ s (128 hex).
 *
 * Key generation and signing draw from crypto.randomBytes rather than sm-crypto, whose nonces
 * come from an RC4 stream seeded once (RC4 output is biased, and biased nonces leak keys).
 * Every multiplication by a secret (private key, nonce) goes through sm2SecretScalar.ts, whose
 * time does not depend on the scalar; verification, where all scalars are public, is our faster
 * variable-time BigInt implementation (sm2Curve.ts). Both are cross-checked against sm-crypto.
 */
import { createHash, randomBytes } from "node:crypto";
import smCrypto from "sm-crypto";
import {
  A,
  B,
  GX,
  GY,
  N,
  type AffinePoint,
  type PreparedPoint,
  invert,
  isOnCurve,
  linearCombination,
  mod,
  preparePoint,
  xModNEquals,
} from "./sm2Curve";
import { SCALAR_BYTES, multiplyBaseSecret } from "./sm2SecretScalar";

export const SM2_DEFAULT_USER_ID = "1234567812345678";

export interface Sm2KeyPair {
  privateKey: string;
  publicKey: string;
}

export interface Sm2Options {
  userId?: string;
}

type Message = Uint8Array | string;

const HEX_64 = /^[0-9a-fA-F]{64}$/;
const PUBLIC_KEY = /^04[0-9a-fA-F]{128}$/;
const SIGNATURE = /^[0-9a-fA-F]{128}$/;

const toBytes = (message: Message) => (typeof message === "string" ? Buffer.from(message, "utf8") : message);
const hex64 = (value: bigint) => value.toString(16).padStart(64, "0");
const bigFromHex = (hex: string) => BigInt(`0x${hex}`);

interface SecretScalar {
  value: bigint;
  bytes: Uint8Array;
}

const PRIVATE_KEY_MAX = N - 2n; // d = n - 1 would make 1 + d non-invertible
const NONCE_MAX = N - 1n;

/** Rejection sampling keeps the scalar uniform in [1, max]; the bytes go to k·G as drawn. */
function drawScalar(nextBytes: () => Uint8Array, max: bigint): SecretScalar {
  for (;;) {
    const bytes = nextBytes();
    if (bytes.length !== SCALAR_BYTES) throw new Error(`SM2 nonce source must give ${SCALAR_BYTES} bytes`);
    const value = bigFromHex(Buffer.from(bytes).toString("hex"));
    if (value >= 1n && value <= max) return { value, bytes };
  }
}

const drawRandomScalar = (max: bigint) => drawScalar(() => randomBytes(SCALAR_BYTES), max);

function parsePrivateKey(privateKey: string): SecretScalar {
  if (!HEX_64.test(privateKey)) throw new Error("SM2 private key must be 64 hex characters");
  const value = bigFromHex(privateKey);
  if (value < 1n || value > PRIVATE_KEY_MAX) throw new Error("SM2 private key out of range");
  return { value, bytes: Buffer.from(privateKey, "hex") };
}

/**
 * a⁻¹ mod n for a secret a. Euclid's running time depends on its input, so it inverts a·b for a
 * fresh random b instead, a value independent of a, and multiplies the b back in.
 */
function blindedInverse(a: bigint): bigint {
  const blind = drawRandomScalar(NONCE_MAX).value;
  return (invert((a * blind) % N, N) * blind) % N;
}

function parsePublicKey(publicKey: string): AffinePoint | null {
  if (!PUBLIC_KEY.test(publicKey)) return null;
  const point = { x: bigFromHex(publicKey.slice(2, 66)), y: bigFromHex(publicKey.slice(66)) };
  return isOnCurve(point) ? point : null;
}

function encodePublicKey(point: AffinePoint): string {
  return `04${hex64(point.x)}${hex64(point.y)}`;
}

/** Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA). */
function userHash(point: AffinePoint, userId: string): Buffer {
  const id = Buffer.from(userId, "utf8");
  const entl = Buffer.alloc(2);
  entl.writeUInt16BE(id.length * 8);
  const parts = [A, B, GX, GY, point.x, point.y].map((v) => Buffer.from(hex64(v), "hex"));
  return createHash("sm3").update(Buffer.concat([entl, id, ...parts])).digest();
}

function messageDigest(zA: Buffer, message: Message): bigint {
  return bigFromHex(createHash("sm3").update(zA).update(toBytes(message)).digest("hex"));
}

export function generateSm2KeyPair(): Sm2KeyPair {
  const d = drawRandomScalar(PRIVATE_KEY_MAX);
  return { privateKey: Buffer.from(d.bytes).toString("hex"), publicKey: encodePublicKey(multiplyBaseSecret(d.bytes)) };
}

export function sm2PublicKeyFromPrivate(privateKey: string): string {
  return encodePublicKey(multiplyBaseSecret(parsePrivateKey(privateKey).bytes));
}

export interface Sm2SignOptions extends Sm2Options {
  /**
   * The key pair's public key, when the caller holds it (a stored key pair): saves deriving it from
   * the private key, a second constant-time ladder. It must belong to the private key, or the
   * signature will not verify.
   */
  publicKey?: string;
}

export function sm2Sign(message: Message, privateKey: string, options: Sm2SignOptions = {}): string {
  return sm2SignWithNonces(message, privateKey, options, () => randomBytes(SCALAR_BYTES));
}

/**
 * sm2Sign with the nonce bytes supplied (32 bytes per draw, redrawn while out of range):
 * for the known-answer test and the nonce-shape benchmark only.
 */
export function sm2SignWithNonces(message: Message, privateKey: string, options: Sm2SignOptions, nextNonce: () => Uint8Array): string {
  const d = parsePrivateKey(privateKey);
  const given = options.publicKey ? parsePublicKey(options.publicKey) : null;
  if (options.publicKey && !given) throw new Error("SM2 public key is malformed");
  const e = messageDigest(userHash(given ?? multiplyBaseSecret(d.bytes), options.userId ?? SM2_DEFAULT_USER_ID), message);
  const dPlusOneInverse = blindedInverse(1n + d.value);
  for (;;) {
    const k = drawScalar(nextNonce, NONCE_MAX);
    const r = (e + multiplyBaseSecret(k.bytes).x) % N;
    if (r === 0n || r + k.value === N) continue;
    // k + n - (r·d mod n) is positive: no sign test on a secret before the reduction.
    const s = (dPlusOneInverse * (k.value + N - ((r * d.value) % N))) % N;
    if (s !== 0n) return hex64(r) + hex64(s);
  }
}

interface PreparedKey {
  zA: Buffer;
  table: PreparedPoint;
}

// Terminals verify with the same few keys again and again: keep Z_A and the odd multiples.
const PREPARED_CACHE_LIMIT = 1024;
const preparedKeys = new Map<string, PreparedKey | null>();

function prepareKey(publicKey: string, userId: string): PreparedKey | null {
  const cacheKey = `${userId}\u0000${publicKey.toLowerCase()}`;
  const cached = preparedKeys.get(cacheKey);
  if (cached !== undefined) return cached;
  const point = parsePublicKey(publicKey);
  const prepared = point ? { zA: userHash(point, userId), table: preparePoint(point) } : null;
  if (preparedKeys.size >= PREPARED_CACHE_LIMIT) {
    const oldest = preparedKeys.keys().next().value;
    if (oldest !== undefined) preparedKeys.delete(oldest);
  }
  preparedKeys.set(cacheKey, prepared);
  return prepared;
}

/** Verifies an r ‖ s signature; false for any malformed input rather than throwing. */
export function sm2Verify(message: Message, signature: string, publicKey: string, options: Sm2Options = {}): boolean {
  if (!SIGNATURE.test(signature)) return false;
  const r = bigFromHex(signature.slice(0, 64));
  const s = bigFromHex(signature.slice(64));
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  const t = mod(r + s, N);
  if (t === 0n) return false;
  const key = prepareKey(publicKey, options.userId ?? SM2_DEFAULT_USER_ID);
  if (!key) return false;
  const e = messageDigest(key.zA, message);
  // R = (e + x1) mod n must equal r, i.e. x1 ≡ r - e (mod n).
  return xModNEquals(linearCombination(s, t, key.table), mod(r - e, N));
}

/** sm-crypto's verification, kept as the reference the fast path is tested against. */
export function sm2VerifyReference(message: Message, signature: string, publicKey: string, options: Sm2Options = {}): boolean {
  const bytes = toBytes(message);
  return smCrypto.sm2.doVerifySignature(Array.from(bytes), signature, publicKey, {
    hash: true,
    userId: options.userId ?? SM2_DEFAULT_USER_ID,
  });
}

/** sm-crypto's signing, for cross-checks only (its nonce source is weaker, see above). */
export function sm2SignReference(message: Message, privateKey: string, options: Sm2Options = {}): string {
  return smCrypto.sm2.doSignature(Array.from(toBytes(message)), privateKey, {
    hash: true,
    publicKey: smCrypto.sm2.getPublicKeyFromPrivateKey(privateKey),
    userId: options.userId ?? SM2_DEFAULT_USER_ID,
  });
}

export function sm2PublicKeyFromPrivateReference(privateKey: string): string {
  return smCrypto.sm2.getPublicKeyFromPrivateKey(privateKey);
}

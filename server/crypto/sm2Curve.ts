/**
 * Arithmetic on the SM2 curve (GB/T 32918.5 recommended parameters) with native BigInt.
 * sm-crypto manages about 25 verifications per second on jsbn; this file exists to reach the
 * issue's 300 per second: Jacobian coordinates (a = -3 doubling formulas), a fixed-base
 * window table for G built once, width-5 NAF for the variable point with its odd multiples
 * in affine form, and no field inversion in verification (the x check is done projectively).
 * All of it runs in time that depends on the scalars, so it only ever sees public ones.
 */

export const P = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
export const A = P - 3n;
export const B = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
export const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
export const GX = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
export const GY = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

export interface AffinePoint {
  x: bigint;
  y: bigint;
}

/** Jacobian (X, Y, Z) meaning (X/Z², Y/Z³); Z = 0 is the point at infinity. */
interface JacobianPoint {
  x: bigint;
  y: bigint;
  z: bigint;
}

const INFINITY: JacobianPoint = { x: 1n, y: 1n, z: 0n };

const mod = (a: bigint, m: bigint) => {
  const r = a % m;
  return r < 0n ? r + m : r;
};
const sub = (a: bigint, b: bigint) => (a >= b ? a - b : a - b + P);

/** Modular inverse by the extended Euclidean algorithm; `a` must be non-zero modulo m. */
export function invert(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error("value is not invertible");
  return mod(oldS, m);
}

export function isOnCurve(point: AffinePoint): boolean {
  const { x, y } = point;
  if (x < 0n || x >= P || y < 0n || y >= P) return false;
  return (y * y - (x * x * x + A * x + B)) % P === 0n;
}

function double(pt: JacobianPoint): JacobianPoint {
  if (pt.z === 0n || pt.y === 0n) return INFINITY;
  const delta = (pt.z * pt.z) % P;
  const gamma = (pt.y * pt.y) % P;
  const beta = (pt.x * gamma) % P;
  const alpha = (3n * sub(pt.x, delta) * (pt.x + delta)) % P;
  const x3 = mod(alpha * alpha - 8n * beta, P);
  const z3 = mod((pt.y + pt.z) * (pt.y + pt.z) - gamma - delta, P);
  const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma, P);
  return { x: x3, y: y3, z: z3 };
}

/** Jacobian + affine ("madd-2007-bl"). */
function addAffine(p1: JacobianPoint, q: AffinePoint): JacobianPoint {
  if (p1.z === 0n) return { x: q.x, y: q.y, z: 1n };
  const z1z1 = (p1.z * p1.z) % P;
  const u2 = (q.x * z1z1) % P;
  const s2 = (((q.y * p1.z) % P) * z1z1) % P;
  const h = sub(u2, p1.x);
  const rr = 2n * sub(s2, p1.y);
  if (h === 0n) return rr === 0n ? double(p1) : INFINITY;
  const hh = (h * h) % P;
  const i = 4n * hh;
  const j = (h * i) % P;
  const v = (p1.x * i) % P;
  const x3 = mod(rr * rr - j - 2n * v, P);
  const y3 = mod(rr * (v - x3) - 2n * p1.y * j, P);
  const z3 = mod((p1.z + h) * (p1.z + h) - z1z1 - hh, P);
  return { x: x3, y: y3, z: z3 };
}

function negate(q: AffinePoint): AffinePoint {
  return { x: q.x, y: q.y === 0n ? 0n : P - q.y };
}

/** Converts many points to affine with one inversion (Montgomery's trick). */
function toAffineBatch(points: JacobianPoint[]): AffinePoint[] {
  const prefix: bigint[] = [];
  let acc = 1n;
  for (const pt of points) {
    if (pt.z === 0n) throw new Error("cannot convert the point at infinity");
    prefix.push(acc);
    acc = (acc * pt.z) % P;
  }
  let inv = invert(acc, P);
  const out: AffinePoint[] = new Array<AffinePoint>(points.length);
  for (let k = points.length - 1; k >= 0; k--) {
    const pt = points[k] as JacobianPoint;
    const zInv = ((prefix[k] as bigint) * inv) % P;
    inv = (inv * pt.z) % P;
    const zInv2 = (zInv * zInv) % P;
    out[k] = { x: (pt.x * zInv2) % P, y: (((pt.y * zInv2) % P) * zInv) % P };
  }
  return out;
}

export function toAffine(pt: JacobianPoint): AffinePoint | null {
  if (pt.z === 0n) return null;
  return toAffineBatch([pt])[0] ?? null;
}

// Fixed-base table: window i holds j·2^(W·i)·G for j = 1 .. 2^W - 1, so k·G needs only
// ~256/W mixed additions and no doublings. W = 6 costs ~2,700 points (tens of ms, once).
const FIXED_WINDOW = 6;
const FIXED_WINDOWS = Math.ceil(256 / FIXED_WINDOW);
let fixedBaseTable: AffinePoint[][] | null = null;

function buildFixedBaseTable(): AffinePoint[][] {
  const table: AffinePoint[][] = [];
  let base: AffinePoint = { x: GX, y: GY };
  const size = (1 << FIXED_WINDOW) - 1;
  for (let w = 0; w < FIXED_WINDOWS; w++) {
    const multiples: JacobianPoint[] = [];
    let acc: JacobianPoint = INFINITY;
    for (let j = 1; j <= size; j++) {
      acc = addAffine(acc, base);
      multiples.push(acc);
    }
    // One more addition gives 2^W · base, the next window's base; convert it in the same batch.
    multiples.push(addAffine(acc, base));
    const affine = toAffineBatch(multiples);
    table.push(affine.slice(0, size));
    base = affine[size] as AffinePoint;
  }
  return table;
}

function fixedBaseMultiplyJacobian(k: bigint, start: JacobianPoint = INFINITY): JacobianPoint {
  fixedBaseTable ??= buildFixedBaseTable();
  const mask = BigInt((1 << FIXED_WINDOW) - 1);
  const shift = BigInt(FIXED_WINDOW);
  let acc = start;
  let rest = k;
  for (let w = 0; rest > 0n; w++) {
    const digit = Number(rest & mask);
    rest >>= shift;
    if (digit !== 0) acc = addAffine(acc, (fixedBaseTable[w] as AffinePoint[])[digit - 1] as AffinePoint);
  }
  return acc;
}

/**
 * k·G for 0 < k < n, in time that depends on k: for public scalars only (secrets go through
 * sm2SecretScalar.ts). Kept as the reference the constant-time path is tested against.
 */
export function multiplyBaseVariableTime(k: bigint): AffinePoint {
  const point = toAffine(fixedBaseMultiplyJacobian(mod(k, N)));
  if (!point) throw new Error("scalar is a multiple of the group order");
  return point;
}

const NAF_WIDTH = 5;

function wnaf(k: bigint): Int8Array {
  const digits = new Int8Array(258);
  const window = 1n << BigInt(NAF_WIDTH);
  const half = window >> 1n;
  let rest = k;
  let i = 0;
  while (rest > 0n) {
    if (rest & 1n) {
      let d = rest & (window - 1n);
      if (d >= half) d -= window;
      digits[i] = Number(d);
      rest -= d;
    }
    rest >>= 1n;
    i++;
  }
  return digits.subarray(0, i);
}

/** Odd multiples P, 3P, ..., (2^(w-1) - 1)P of a public key, kept for repeated verifications. */
export type PreparedPoint = readonly AffinePoint[];

export function preparePoint(point: AffinePoint): PreparedPoint {
  const twice = double({ x: point.x, y: point.y, z: 1n });
  const twiceAffine = toAffine(twice);
  if (!twiceAffine) throw new Error("point of order 2");
  const odd: JacobianPoint[] = [{ x: point.x, y: point.y, z: 1n }];
  const count = 1 << (NAF_WIDTH - 2);
  for (let j = 1; j < count; j++) odd.push(addAffine(odd[j - 1] as JacobianPoint, twiceAffine));
  return toAffineBatch(odd);
}

/** u·G + v·Q in Jacobian form (Q given by its prepared odd multiples). */
export function linearCombination(u: bigint, v: bigint, q: PreparedPoint): JacobianPoint {
  const digits = wnaf(v);
  let acc: JacobianPoint = INFINITY;
  for (let i = digits.length - 1; i >= 0; i--) {
    acc = double(acc);
    const d = digits[i] as number;
    if (d > 0) acc = addAffine(acc, q[(d - 1) >> 1] as AffinePoint);
    else if (d < 0) acc = addAffine(acc, negate(q[(-d - 1) >> 1] as AffinePoint));
  }
  return fixedBaseMultiplyJacobian(u, acc);
}

/** Whether the affine x of a Jacobian point, reduced mod n, equals `target` (no inversion). */
export function xModNEquals(pt: JacobianPoint, target: bigint): boolean {
  if (pt.z === 0n) return false;
  const z2 = (pt.z * pt.z) % P;
  for (let candidate = target; candidate < P; candidate += N) {
    if ((candidate * z2) % P === pt.x) return true;
  }
  return false;
}

export { mod };

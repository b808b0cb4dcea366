/**
 * k·G for secret scalars (private keys, signing nonces), computed by Node's OpenSSL.
 *
 * Our BigInt fixed-base code (sm2Curve.ts) skips zero windows and stops at the top bit, so its
 * time follows the scalar's length and weight: fine for the public scalars of verification, a
 * nonce leak when signing (the Minerva pattern). OpenSSL 3 multiplies a lone secret scalar with
 * its Montgomery ladder: the scalar is padded to a fixed bit length (k + n or k + 2n, chosen by
 * constant-time swap), every step is the same sequence of field operations with a constant-time
 * conditional swap, and the coordinates are blinded. Node's `crypto.sign` cannot be used for the
 * whole signature: with an SM2-curve key it computes ECDSA, not SM2 (no Z_A, another equation).
 */
import { createECDH } from "node:crypto";
import type { AffinePoint } from "./sm2Curve";

export const SCALAR_BYTES = 32;

/**
 * `scalar` is big-endian, exactly 32 bytes, in [1, n - 1]. It is passed on as bytes: turning a
 * BigInt into hex would itself take time that depends on the scalar's length.
 */
export function multiplyBaseSecret(scalar: Uint8Array): AffinePoint {
  if (scalar.length !== SCALAR_BYTES) throw new Error(`SM2 scalar must be ${SCALAR_BYTES} bytes`);
  // A fresh object per call: no secret stays behind in shared state (OpenSSL clears it on free).
  const ecdh = createECDH("SM2");
  try {
    ecdh.setPrivateKey(scalar);
  } catch {
    throw new Error("SM2 scalar out of range");
  }
  const point = ecdh.getPublicKey();
  return {
    x: BigInt(`0x${point.subarray(1, 1 + SCALAR_BYTES).toString("hex")}`),
    y: BigInt(`0x${point.subarray(1 + SCALAR_BYTES).toString("hex")}`),
  };
}

/**
 * The national algorithms in one place: SM3 and SM4 from Node's OpenSSL (native, fast),
 * SM2 from ./sm2 (secret scalars through OpenSSL's constant-time ladder, verification in BigInt;
 * both checked against sm-crypto).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac } from "node:crypto";

export {
  SM2_DEFAULT_USER_ID,
  generateSm2KeyPair,
  sm2PublicKeyFromPrivate,
  sm2Sign,
  sm2Verify,
  sm2VerifyReference,
  type Sm2KeyPair,
  type Sm2Options,
} from "./sm2";

export const SM4_BLOCK_BYTES = 16;
export const SM4_KEY_BYTES = 16;

type Data = Uint8Array | string;

const bytes = (data: Data) => (typeof data === "string" ? Buffer.from(data, "utf8") : data);

export function sm3(data: Data): Buffer {
  return createHash("sm3").update(bytes(data)).digest();
}

export function sm3Hex(data: Data): string {
  return sm3(data).toString("hex");
}

/** HMAC-SM3 (RFC 2104 construction with SM3): the keyed index for lookups of encrypted fields. */
export function hmacSm3(key: Uint8Array, data: Data): Buffer {
  if (key.length === 0) throw new Error("HMAC-SM3 key must not be empty");
  return createHmac("sm3", key).update(bytes(data)).digest();
}

function assertKey(key: Uint8Array): void {
  if (key.length !== SM4_KEY_BYTES) throw new Error(`SM4 key must be ${SM4_KEY_BYTES} bytes`);
}

function assertBlocks(data: Uint8Array): void {
  if (data.length === 0 || data.length % SM4_BLOCK_BYTES !== 0) {
    throw new Error(`SM4-ECB data must be a non-empty multiple of ${SM4_BLOCK_BYTES} bytes`);
  }
}

/** SM4-ECB without padding: callers pad (the card-ID scheme zero-pads). */
export function sm4EcbEncrypt(key: Uint8Array, data: Uint8Array): Buffer {
  assertKey(key);
  assertBlocks(data);
  const cipher = createCipheriv("sm4-ecb", key, null).setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export function sm4EcbDecrypt(key: Uint8Array, data: Uint8Array): Buffer {
  assertKey(key);
  assertBlocks(data);
  const decipher = createDecipheriv("sm4-ecb", key, null).setAutoPadding(false);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

/** SM4-CBC with PKCS#7 padding. */
export function sm4CbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  assertKey(key);
  if (iv.length !== SM4_BLOCK_BYTES) throw new Error(`SM4-CBC IV must be ${SM4_BLOCK_BYTES} bytes`);
  const cipher = createCipheriv("sm4-cbc", key, iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** Throws on a wrong key or corrupted data when the padding does not check out. */
export function sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  assertKey(key);
  if (iv.length !== SM4_BLOCK_BYTES) throw new Error(`SM4-CBC IV must be ${SM4_BLOCK_BYTES} bytes`);
  const decipher = createDecipheriv("sm4-cbc", key, iv);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

/** Parses a key given as hex (from configuration); the error never echoes the value. */
export function keyFromHex(hex: string, byteLength: number, label: string): Buffer {
  if (!new RegExp(`^[0-9a-fA-F]{${byteLength * 2}}$`).test(hex)) {
    throw new Error(`${label} must be ${byteLength * 2} hex characters`);
  }
  return Buffer.from(hex, "hex");
}

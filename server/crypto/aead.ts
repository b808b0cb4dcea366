/**
 * Authenticated encryption with the national algorithms: SM4-CBC, then HMAC-SM3 over what was
 * encrypted (encrypt-then-MAC). Node 20's OpenSSL has no SM4-GCM, so this is the construction
 * the SM standards leave us. The encryption and MAC keys are derived from one master key with
 * HKDF-SM3, each under its own label, so neither ever serves both purposes.
 *
 * The tag covers the associated data (format, key version, the field the value belongs to), the
 * IV and the ciphertext, each length-prefixed, and is checked in constant time before anything is
 * decrypted: a value with one bit changed anywhere, or moved to another field, never decrypts.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { SM4_BLOCK_BYTES, SM4_KEY_BYTES, sm4CbcDecrypt, sm4CbcEncrypt } from "./sm";

export const AEAD_TAG_BYTES = 32;
const MAC_KEY_BYTES = 32;

export interface AeadKeys {
  readonly encryptionKey: Buffer;
  readonly macKey: Buffer;
}

export interface Sealed {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** The two working keys of one master key, for one purpose (a domain label such as "rmp/pii/v2"). */
export function deriveAeadKeys(masterKey: Uint8Array, purpose: string): AeadKeys {
  if (masterKey.length < SM4_KEY_BYTES) throw new Error(`AEAD master key must be at least ${SM4_KEY_BYTES} bytes`);
  const derive = (label: string, length: number) => Buffer.from(hkdfSync("sm3", masterKey, Buffer.alloc(0), `${purpose}/${label}`, length));
  return { encryptionKey: derive("sm4-cbc-encryption", SM4_KEY_BYTES), macKey: derive("hmac-sm3-authentication", MAC_KEY_BYTES) };
}

function lengthPrefixed(part: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(part.length);
  return Buffer.concat([length, part]);
}

function tagOf(keys: AeadKeys, associatedData: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  return createHmac("sm3", keys.macKey).update(lengthPrefixed(associatedData)).update(lengthPrefixed(iv)).update(lengthPrefixed(ciphertext)).digest();
}

export function aeadSeal(keys: AeadKeys, associatedData: Uint8Array, plaintext: Uint8Array): Sealed {
  const iv = randomBytes(SM4_BLOCK_BYTES);
  const ciphertext = sm4CbcEncrypt(keys.encryptionKey, iv, plaintext);
  return { iv, ciphertext, tag: tagOf(keys, associatedData, iv, ciphertext) };
}

/** The plaintext, or null when the tag does not match (tampered, moved, or another key). */
export function aeadOpen(keys: AeadKeys, associatedData: Uint8Array, sealed: Sealed): Buffer | null {
  const { iv, ciphertext, tag } = sealed;
  if (iv.length !== SM4_BLOCK_BYTES || tag.length !== AEAD_TAG_BYTES) return null;
  if (ciphertext.length === 0 || ciphertext.length % SM4_BLOCK_BYTES !== 0) return null;
  if (!timingSafeEqual(tagOf(keys, associatedData, iv, ciphertext), tag)) return null;
  // The tag proves these bytes are ours, so a padding error here would be a bug, not an attack.
  return sm4CbcDecrypt(keys.encryptionKey, iv, ciphertext);
}

/** Associated data from labelled parts, unambiguous however the parts are chosen. */
export function associatedData(...parts: (string | number)[]): Buffer {
  return Buffer.concat(parts.map((part) => lengthPrefixed(Buffer.from(String(part), "utf8"))));
}

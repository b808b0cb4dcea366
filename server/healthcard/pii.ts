/**
 * Personal data at rest (document numbers, phone numbers): SM4-CBC with a random IV per value
 * and the key version stored beside it, a keyed SM3 index for exact-match lookups, and masks
 * for display. The index key is separate from the encryption keys and is not rotated with
 * them: rotating it means recomputing every index.
 */
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { hmacSm3, sm4CbcDecrypt, sm4CbcEncrypt } from "@/server/crypto/sm";
import type { Keyring, PiiKey } from "./keys";

export interface EncryptedPii {
  /** base64 of IV (16 bytes) ‖ SM4-CBC ciphertext */
  ciphertext: string;
  keyVersion: number;
}

/** Stored data that cannot be read: an operations problem, never the user's fault. */
export class PiiDecryptionError extends AppError {
  constructor(reason: "unknownKeyVersion" | "corrupt") {
    super("INTERNAL", "healthCard.pii.unreadable", { details: { reason } });
  }
}

export function encryptPii(plain: string, keyring: Keyring<PiiKey>): EncryptedPii {
  const { key, version } = keyring.current;
  const iv = randomBytes(16);
  const encrypted = sm4CbcEncrypt(key, iv, Buffer.from(plain, "utf8"));
  return { ciphertext: Buffer.concat([iv, encrypted]).toString("base64"), keyVersion: version };
}

export function decryptPii(value: EncryptedPii, keyring: Keyring<PiiKey>): string {
  const piiKey = keyring.byVersion(value.keyVersion);
  if (!piiKey) throw new PiiDecryptionError("unknownKeyVersion");
  const bytes = Buffer.from(value.ciphertext, "base64");
  if (bytes.length < 32 || bytes.length % 16 !== 0) throw new PiiDecryptionError("corrupt");
  try {
    return sm4CbcDecrypt(piiKey.key, bytes.subarray(0, 16), bytes.subarray(16)).toString("utf8");
  } catch {
    throw new PiiDecryptionError("corrupt");
  }
}

/** Re-encrypts under the current key (for rotation jobs); unchanged if already current. */
export function reencryptPii(value: EncryptedPii, keyring: Keyring<PiiKey>): EncryptedPii {
  if (value.keyVersion === keyring.current.version) return value;
  return encryptPii(decryptPii(value, keyring), keyring);
}

/**
 * HMAC-SM3 of the value, hex. Callers pass the normalised form (validateDocument's output,
 * digits-only phone) so the same person always yields the same index.
 */
export function blindIndex(value: string, indexKey: Uint8Array): string {
  return hmacSm3(indexKey, value).toString("hex");
}

function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(value);
  if (chars.length <= keepStart + keepEnd) {
    // Too short to keep both ends: show only the last character, if any.
    return chars.length <= 1 ? "*" : "*".repeat(chars.length - 1) + chars[chars.length - 1];
  }
  return chars.slice(0, keepStart).join("") + "*".repeat(chars.length - keepStart - keepEnd) + chars.slice(chars.length - keepEnd).join("");
}

/** 110101199003071234 → 1101**********1234 (first 4 and last 4 kept). */
export function maskDocumentNumber(value: string): string {
  return maskMiddle(value, 4, 4);
}

/** 13812341234 → 138****1234; numbers shorter than 8 characters are masked entirely. */
export function maskPhone(value: string): string {
  const digits = value.replace(/[\s-]/g, "");
  return digits.length >= 8 ? maskMiddle(digits, 3, 4) : "*".repeat(digits.length);
}

/** 张三丰 → 张*丰, 张三 → 张*, 欧阳娜娜 → 欧**娜; Latin names keep first and last letter. */
export function maskName(value: string): string {
  const chars = Array.from(value.trim());
  if (chars.length === 0) return "";
  if (chars.length === 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + "*".repeat(chars.length - 2) + chars[chars.length - 1];
}

/**
 * Personal data at rest (document numbers, phone numbers): authenticated encryption (SM4-CBC then
 * HMAC-SM3, server/crypto/aead.ts) under the versioned PII key, the key version stored beside
 * the value, a keyed SM3 index for exact-match lookups, and masks for display. The index key is
 * separate from the encryption keys and is not rotated with them: rotating it means recomputing
 * every index.
 *
 * Stored form: `v2:` + base64(IV ‖ ciphertext ‖ tag), the tag covering the format, the field and
 * the key version, so a value cannot be altered, given another version or moved to another field.
 * Values written before (plain base64 of IV ‖ SM4-CBC ciphertext, without a tag) are still read
 * until `npm run pii:reencrypt` has rewritten them (server/healthcard/reencrypt.ts).
 */
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { AEAD_TAG_BYTES, aeadOpen, aeadSeal, associatedData, deriveAeadKeys, type AeadKeys } from "@/server/crypto/aead";
import { SM4_BLOCK_BYTES, hmacSm3, sm4CbcDecrypt } from "@/server/crypto/sm";
import type { Keyring, PiiKey } from "./keys";

/** Which column a value belongs to: part of what the tag covers. */
export type PiiField = "resident.docNumber" | "resident.phone";

export interface EncryptedPii {
  /** `v2:` + base64 of IV ‖ SM4-CBC ciphertext ‖ HMAC-SM3 tag (older rows: base64 of IV ‖ ciphertext) */
  ciphertext: string;
  keyVersion: number;
}

const FORMAT_PREFIX = "v2:";
const PURPOSE = "rmp/pii/v2";

/** Stored data that cannot be read: an operations problem, never the user's fault. */
export class PiiDecryptionError extends AppError {
  constructor(reason: "unknownKeyVersion" | "corrupt") {
    super("INTERNAL", "healthCard.pii.unreadable", { details: { reason } });
  }
}

/**
 * A stored value whose tag does not match: changed in the database, moved from another field or
 * row version, or written under another key. Nothing of it is decrypted. It is the server's data
 * that is wrong, not the request, hence a 500 that says so without any of the value.
 */
export class PiiIntegrityError extends AppError {
  constructor(readonly field: PiiField) {
    super("INTERNAL", "healthCard.pii.integrity", { publicCode: "DATA_INTEGRITY_FAILED" });
  }
}

const derivedKeys = new WeakMap<PiiKey, AeadKeys>();

function aeadKeysOf(piiKey: PiiKey): AeadKeys {
  let keys = derivedKeys.get(piiKey);
  if (!keys) {
    keys = deriveAeadKeys(piiKey.key, PURPOSE);
    derivedKeys.set(piiKey, keys);
  }
  return keys;
}

const associatedDataOf = (field: PiiField, keyVersion: number) => associatedData(PURPOSE, field, keyVersion);

export function encryptPii(plain: string, keyring: Keyring<PiiKey>, field: PiiField): EncryptedPii {
  const piiKey = keyring.current;
  const { iv, ciphertext, tag } = aeadSeal(aeadKeysOf(piiKey), associatedDataOf(field, piiKey.version), Buffer.from(plain, "utf8"));
  return { ciphertext: FORMAT_PREFIX + Buffer.concat([iv, ciphertext, tag]).toString("base64"), keyVersion: piiKey.version };
}

/** True for a value in the current format under the current key: nothing to re-encrypt. */
export function isCurrentPii(value: EncryptedPii, keyring: Keyring<PiiKey>): boolean {
  return value.ciphertext.startsWith(FORMAT_PREFIX) && value.keyVersion === keyring.current.version;
}

/**
 * The PII keyring, and whether values in the old unauthenticated format are still read
 * (PII_LEGACY_FORMAT). Once `npm run pii:reencrypt` has rewritten them, "refuse" closes the
 * downgrade: someone writing to the database could otherwise put a malleable old-format value
 * where an authenticated one was.
 */
export type PiiKeyring = Keyring<PiiKey> & { readonly legacyFormat?: "read" | "refuse" };

export function decryptPii(value: EncryptedPii, keyring: PiiKeyring, field: PiiField): string {
  const piiKey = keyring.byVersion(value.keyVersion);
  if (!piiKey) throw new PiiDecryptionError("unknownKeyVersion");
  if (!value.ciphertext.startsWith(FORMAT_PREFIX)) {
    if (keyring.legacyFormat !== "refuse") return decryptLegacy(value.ciphertext, piiKey);
    log.error("personal data refused: it is in the old unauthenticated format, which PII_LEGACY_FORMAT=refuse no longer reads; not decrypted", {
      module: "pii",
      field,
      keyVersion: value.keyVersion,
    });
    throw new PiiIntegrityError(field);
  }
  const bytes = Buffer.from(value.ciphertext.slice(FORMAT_PREFIX.length), "base64");
  const ciphertextEnd = bytes.length - AEAD_TAG_BYTES;
  const plain =
    ciphertextEnd > SM4_BLOCK_BYTES
      ? aeadOpen(aeadKeysOf(piiKey), associatedDataOf(field, value.keyVersion), {
          iv: bytes.subarray(0, SM4_BLOCK_BYTES),
          ciphertext: bytes.subarray(SM4_BLOCK_BYTES, ciphertextEnd),
          tag: bytes.subarray(ciphertextEnd),
        })
      : null;
  if (!plain) {
    log.error("personal data refused: its integrity check failed (altered in the database, moved from another field, or another key); not decrypted", {
      module: "pii",
      field,
      keyVersion: value.keyVersion,
    });
    throw new PiiIntegrityError(field);
  }
  return plain.toString("utf8");
}

/** The format before authentication (IV ‖ SM4-CBC under the key itself), read until re-encrypted. */
function decryptLegacy(ciphertext: string, piiKey: PiiKey): string {
  const bytes = Buffer.from(ciphertext, "base64");
  if (bytes.length < 32 || bytes.length % 16 !== 0) throw new PiiDecryptionError("corrupt");
  try {
    return sm4CbcDecrypt(piiKey.key, bytes.subarray(0, 16), bytes.subarray(16)).toString("utf8");
  } catch {
    throw new PiiDecryptionError("corrupt");
  }
}

/** Re-encrypts under the current key and format (for rotation and the upgrade); unchanged if already current. */
export function reencryptPii(value: EncryptedPii, keyring: PiiKeyring, field: PiiField): EncryptedPii {
  if (isCurrentPii(value, keyring)) return value;
  return encryptPii(decryptPii(value, keyring, field), keyring, field);
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

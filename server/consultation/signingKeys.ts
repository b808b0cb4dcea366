/**
 * One SM2 key pair per expert. The private key is stored under SIGNING_KEY_ENCRYPTION_KEY with
 * authenticated encryption (server/crypto/aead.ts), bound to the expert it belongs to; never in
 * clear, never logged.
 *
 * Rows written before were plain SM4-CBC under SIGNING_KEY_ENCRYPTION_KEY or, when that was unset,
 * under a key derived from AUTH_SECRET. They are opened with whichever key gives back the stored
 * public key, and rewrapped: at start-up (migrateSigningKeys), by `npm run pii:reencrypt`, or at
 * the expert's next signature, whichever comes first. No expert loses a key on upgrade.
 */
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { AEAD_TAG_BYTES, aeadOpen, aeadSeal, associatedData, deriveAeadKeys } from "@/server/crypto/aead";
import { sm4CbcDecrypt } from "@/server/crypto/sm";
import { generateSm2KeyPair, sm2PublicKeyFromPrivate } from "@/server/crypto/sm2";
import type { Db } from "@/server/db/client";
import type { SigningKeyProtection } from "@/server/keys/secrets";
import { getPlatform } from "@/server/platform";
import type { Tx } from "./tx";

const FORMAT_PREFIX = "v2:";
const PURPOSE = "rmp/expert-signing-key/v2";

interface StoredSigningKey {
  userId: string;
  publicKey: string;
  iv: string;
  encryptedPrivateKey: string;
}

/** An expert's stored key that does not open: altered, or protected by a key this server lacks. */
export class SigningKeyUnreadableError extends AppError {
  constructor() {
    super("INTERNAL", "consultation.signingKeyUnreadable", { publicCode: "SIGNING_KEY_UNREADABLE" });
  }
}

function sealPrivateKey(protection: Buffer, userId: string, privateKey: string): { iv: string; encryptedPrivateKey: string } {
  const sealed = aeadSeal(deriveAeadKeys(protection, PURPOSE), associatedData(PURPOSE, userId), Buffer.from(privateKey, "utf8"));
  return { iv: sealed.iv.toString("hex"), encryptedPrivateKey: FORMAT_PREFIX + Buffer.concat([sealed.ciphertext, sealed.tag]).toString("base64") };
}

function matchesPublicKey(privateKey: string, publicKey: string): boolean {
  try {
    return sm2PublicKeyFromPrivate(privateKey) === publicKey;
  } catch {
    return false;
  }
}

/** The private key and whether the row is in the old format (to be rewrapped). */
export function openPrivateKey(row: StoredSigningKey, protection: SigningKeyProtection): { privateKey: string; legacy: boolean } {
  const iv = Buffer.from(row.iv, "hex");
  if (row.encryptedPrivateKey.startsWith(FORMAT_PREFIX)) {
    const bytes = Buffer.from(row.encryptedPrivateKey.slice(FORMAT_PREFIX.length), "base64");
    const ciphertextEnd = bytes.length - AEAD_TAG_BYTES;
    const plain =
      ciphertextEnd > 0
        ? aeadOpen(deriveAeadKeys(protection.current, PURPOSE), associatedData(PURPOSE, row.userId), {
            iv,
            ciphertext: bytes.subarray(0, ciphertextEnd),
            tag: bytes.subarray(ciphertextEnd),
          })
        : null;
    if (!plain || !matchesPublicKey(plain.toString("utf8"), row.publicKey)) {
      log.error("an expert's signing key failed its integrity check (altered, or another SIGNING_KEY_ENCRYPTION_KEY); not used", { module: "signingKeys", userId: row.userId });
      throw new SigningKeyUnreadableError();
    }
    return { privateKey: plain.toString("utf8"), legacy: false };
  }
  for (const key of [protection.current, ...protection.legacy]) {
    let privateKey: string;
    try {
      privateKey = sm4CbcDecrypt(key, iv, Buffer.from(row.encryptedPrivateKey, "hex")).toString("utf8");
    } catch {
      continue;
    }
    if (matchesPublicKey(privateKey, row.publicKey)) return { privateKey, legacy: true };
  }
  log.error("an expert's signing key (old format) opens neither with SIGNING_KEY_ENCRYPTION_KEY nor with the key earlier versions derived from AUTH_SECRET", {
    module: "signingKeys",
    userId: row.userId,
  });
  throw new SigningKeyUnreadableError();
}

export async function getOrCreateSigningKey(tx: Tx, userId: string): Promise<{ publicKey: string; privateKey: string }> {
  const protection = getPlatform().signingKeyProtection;
  const existing = await tx.expertSigningKey.findUnique({ where: { userId } });
  if (existing) {
    const { privateKey, legacy } = openPrivateKey(existing, protection);
    if (legacy) await tx.expertSigningKey.update({ where: { userId }, data: sealPrivateKey(protection.current, userId, privateKey) });
    return { publicKey: existing.publicKey, privateKey };
  }
  const pair = generateSm2KeyPair();
  await tx.expertSigningKey.create({ data: { userId, publicKey: pair.publicKey, ...sealPrivateKey(protection.current, userId, pair.privateKey) } });
  return pair;
}

export interface SigningKeyMigration {
  /** Rows in the old format found. */
  found: number;
  rewrapped: number;
  /** Old rows no configured key opens: kept as they are, logged, never replaced. */
  unreadable: number;
}

/**
 * Rewraps every old-format signing key under the current key and format. Idempotent: rewrapped
 * rows are in the new format and not found again; a row changed meanwhile is left to the next run.
 */
export async function migrateSigningKeys(db: Db, protection: SigningKeyProtection): Promise<SigningKeyMigration> {
  const rows = await db.expertSigningKey.findMany({ where: { NOT: { encryptedPrivateKey: { startsWith: FORMAT_PREFIX } } } });
  const result: SigningKeyMigration = { found: rows.length, rewrapped: 0, unreadable: 0 };
  for (const row of rows) {
    let privateKey: string;
    try {
      privateKey = openPrivateKey(row, protection).privateKey;
    } catch (error) {
      if (!(error instanceof SigningKeyUnreadableError)) throw error;
      result.unreadable += 1;
      continue;
    }
    const { count } = await db.expertSigningKey.updateMany({
      where: { userId: row.userId, encryptedPrivateKey: row.encryptedPrivateKey },
      data: sealPrivateKey(protection.current, row.userId, privateKey),
    });
    result.rewrapped += count;
  }
  if (result.found > 0) log.info("experts' signing keys moved to the authenticated format under SIGNING_KEY_ENCRYPTION_KEY", { module: "signingKeys", ...result });
  return result;
}

/**
 * Health-card QR text. Static: `<cardId>:1`. Dynamic: `<cardId>:0:<validity>`, validity being one
 * SM4-ECB block under the protection key, in upper-case hex. The scheme fills the block with the
 * expiry YYYYMMDDHHMMSS (Asia/Shanghai, 7 BCD bytes) and nine zero bytes, which binds nothing to
 * the card: one resident's block attached to another card ID decrypted just as well. This
 * platform keeps the expiry where the scheme has it and uses the nine padding bytes for
 *   3 random bytes (so two codes of one card in one second differ) and
 *   a 6-byte tag: HMAC-SM3(key derived from the protection key, cardId ‖ first 10 bytes), truncated,
 * so a block verifies only with the card ID it was issued for (a splice answers QR_SPLICED). The
 * text format is unchanged. A wrong protection key decrypts to noise, which fails the BCD check,
 * so "another platform's code" and "tampered code" both read QR_INVALID. Whether a code was
 * issued, to whom, and whether it was already used is the issued-code record's question
 * (issuedCodes.ts, verifyStore.ts).
 */
import type { MessageKey } from "@/lib/i18n";
import { AppError } from "@/lib/errors";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { hmacSm3, sm4EcbDecrypt, sm4EcbEncrypt } from "@/server/crypto/sm";
import { isCardId } from "./cardId";
import type { HealthCardKeySet, Keyring } from "./keys";

export type QrErrorCode = "QR_MALFORMED" | "QR_EXPIRED" | "QR_INVALID" | "QR_REPLAYED" | "QR_SPLICED" | "QR_STATIC_NOT_ALLOWED";

const QR_ERRORS: Record<QrErrorCode, { status: number; messageKey: MessageKey }> = {
  QR_MALFORMED: { status: 400, messageKey: "healthCard.qr.malformed" },
  QR_EXPIRED: { status: 422, messageKey: "healthCard.qr.expired" },
  QR_INVALID: { status: 422, messageKey: "healthCard.qr.invalid" },
  QR_REPLAYED: { status: 422, messageKey: "healthCard.qr.replayed" },
  QR_SPLICED: { status: 422, messageKey: "healthCard.qr.spliced" },
  QR_STATIC_NOT_ALLOWED: { status: 422, messageKey: "healthCard.qr.staticNotAllowed" },
};

export class QrCodeError extends AppError {
  readonly qrCode: QrErrorCode;
  constructor(code: QrErrorCode, params?: Record<string, string | number>) {
    const { status, messageKey } = QR_ERRORS[code];
    super("VALIDATION_FAILED", messageKey, { status, publicCode: code, params });
    this.qrCode = code;
  }
}

export const DEFAULT_QR_VALIDITY_SECONDS = 60;
/** A genuine code never expires further ahead than its validity; this bounds what we accept. */
export const DEFAULT_MAX_AHEAD_SECONDS = 3600;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const STATIC_PATTERN = /^([0-9A-F]{64}):1$/;
const DYNAMIC_PATTERN = /^([0-9A-F]{64}):0:([0-9A-F]{32})$/;

/** YYYYMMDDHHMMSS in Asia/Shanghai (UTC+8, no daylight saving); sub-second part dropped. */
export function formatShanghaiTimestamp(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().replace(/\D/g, "").slice(0, 14);
}

/** The instant of a YYYYMMDDHHMMSS Shanghai timestamp, or null if it is not a real time. */
export function parseShanghaiTimestamp(text: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    return null;
  }
  return new Date(utc - SHANGHAI_OFFSET_MS);
}

const EXPIRY_BYTES = 7;
const NONCE_BYTES = 3;
const TAG_BYTES = 6;
const TAGGED_BYTES = EXPIRY_BYTES + NONCE_BYTES;
const bindingKeys = new WeakMap<Uint8Array, Buffer>();

/** The tag's key, apart from the protection key itself (which only ever encrypts blocks). */
function bindingKeyOf(protectionKey: Uint8Array): Buffer {
  let key = bindingKeys.get(protectionKey);
  if (!key) {
    key = hmacSm3(protectionKey, "ehc-qr-card-binding-v1");
    bindingKeys.set(protectionKey, key);
  }
  return key;
}

function cardTag(protectionKey: Uint8Array, cardId: string, head: Uint8Array): Buffer {
  return hmacSm3(bindingKeyOf(protectionKey), Buffer.concat([Buffer.from(cardId, "ascii"), head])).subarray(0, TAG_BYTES);
}

function encryptValidity(cardId: string, expiresAt: Date, protectionKey: Uint8Array, nonce: Uint8Array): string {
  const block = Buffer.alloc(16);
  Buffer.from(formatShanghaiTimestamp(expiresAt), "hex").copy(block);
  Buffer.from(nonce).copy(block, EXPIRY_BYTES);
  cardTag(protectionKey, cardId, block.subarray(0, TAGGED_BYTES)).copy(block, TAGGED_BYTES);
  return sm4EcbEncrypt(protectionKey, block).toString("hex").toUpperCase();
}

type DecryptedValidity = { expiresAt: Date; boundToCard: boolean } | null;

/** null: noise under this key (another key, tampering) or the scheme's unbound zero padding. */
function decryptValidity(cardId: string, validityHex: string, protectionKey: Uint8Array): DecryptedValidity {
  const block = sm4EcbDecrypt(protectionKey, Buffer.from(validityHex, "hex"));
  const expiresAt = parseShanghaiTimestamp(block.subarray(0, EXPIRY_BYTES).toString("hex"));
  if (!expiresAt) return null;
  const padding = block.subarray(EXPIRY_BYTES);
  if (padding.every((b) => b === 0)) return null;
  const tag = block.subarray(TAGGED_BYTES);
  return { expiresAt, boundToCard: timingSafeEqual(tag, cardTag(protectionKey, cardId, block.subarray(0, TAGGED_BYTES))) };
}

function assertCardId(cardId: string): void {
  if (!isCardId(cardId)) throw new Error("card ID must be 64 upper-case hex characters");
}

export function createStaticQrCode(cardId: string): string {
  assertCardId(cardId);
  return `${cardId}:1`;
}

export interface DynamicQrCode {
  code: string;
  cardId: string;
  /** The encrypted validity block (32 hex): with the card ID, the key of the issued-code record. */
  validity: string;
  expiresAt: Date;
}

export function createDynamicQrCode(
  cardId: string,
  keySet: HealthCardKeySet,
  options: { now?: Date; validitySeconds?: number; nonce?: Uint8Array } = {},
): DynamicQrCode {
  assertCardId(cardId);
  const now = options.now ?? new Date();
  const validity = options.validitySeconds ?? DEFAULT_QR_VALIDITY_SECONDS;
  if (!Number.isInteger(validity) || validity < 1) throw new Error("QR validity must be a positive whole number of seconds");
  // The encoding has whole seconds; truncate so expiresAt is exactly what the code says.
  const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + validity * 1000);
  const nonce = options.nonce ?? randomBytes(NONCE_BYTES);
  if (nonce.length !== NONCE_BYTES) throw new Error(`QR nonce must be ${NONCE_BYTES} bytes`);
  const validityBlock = encryptValidity(cardId, expiresAt, keySet.protectionKey, nonce);
  return { code: `${cardId}:0:${validityBlock}`, cardId, validity: validityBlock, expiresAt };
}

export type ParsedQrCode =
  | { kind: "static"; cardId: string }
  | { kind: "dynamic"; cardId: string; validity: string };

/** Syntax only: what a scanner produced, trimmed and upper-cased. */
export function parseQrCode(text: string): ParsedQrCode {
  const normalised = text.trim().toUpperCase();
  const staticMatch = STATIC_PATTERN.exec(normalised);
  if (staticMatch) return { kind: "static", cardId: staticMatch[1] as string };
  const dynamicMatch = DYNAMIC_PATTERN.exec(normalised);
  if (dynamicMatch) return { kind: "dynamic", cardId: dynamicMatch[1] as string, validity: dynamicMatch[2] as string };
  throw new QrCodeError("QR_MALFORMED");
}

export type VerifiedQrCode =
  | { kind: "static"; cardId: string }
  | { kind: "dynamic"; cardId: string; validity: string; expiresAt: Date; keyVersion: number };

export interface VerifyQrOptions {
  now?: Date;
  maxAheadSeconds?: number;
}

/**
 * Checks a scanned code against the platform's protection keys (every configured version).
 * Whether the card exists and is active, and whether a dynamic code was issued and is still
 * unused, are the caller's questions (verify.ts claims the issued-code record).
 */
export async function verifyQrCode(
  text: string,
  keyring: Keyring<HealthCardKeySet>,
  options: VerifyQrOptions = {},
): Promise<VerifiedQrCode> {
  const parsed = parseQrCode(text);
  if (parsed.kind === "static") return parsed;

  const now = options.now ?? new Date();
  let expiresAt: Date | null = null;
  let keyVersion = 0;
  let spliced = false;
  for (const keySet of keyring.all) {
    const decrypted = decryptValidity(parsed.cardId, parsed.validity, keySet.protectionKey);
    if (decrypted?.boundToCard) {
      expiresAt = decrypted.expiresAt;
      keyVersion = keySet.version;
      break;
    }
    if (decrypted) spliced = true;
  }
  // A genuine block whose tag names another card: someone attached it to this card ID.
  if (!expiresAt) throw new QrCodeError(spliced ? "QR_SPLICED" : "QR_INVALID");
  const maxAheadMs = (options.maxAheadSeconds ?? DEFAULT_MAX_AHEAD_SECONDS) * 1000;
  if (expiresAt.getTime() - now.getTime() > maxAheadMs) throw new QrCodeError("QR_INVALID");
  if (now.getTime() > expiresAt.getTime()) throw new QrCodeError("QR_EXPIRED");

  return { kind: "dynamic", cardId: parsed.cardId, validity: parsed.validity, expiresAt, keyVersion };
}

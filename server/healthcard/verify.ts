/**
 * Terminal verification (POST /api/v1/health-card/verify): a hospital terminal sends a scanned
 * code with its terminal ID and care step; the platform answers with the card ID, master index
 * ID and the resident's masked identity.
 * - A dynamic code verifies only as the card it was issued to (its block carries a tag over the
 *   card ID, qr.ts) and only if the platform issued it (issuedCodes.ts): the verification claims
 *   the issued-code row, once (stricter than the scheme, which requires single use for record
 *   access and payment). A spliced code (QR_SPLICED), a replay, an expired code are refused.
 * - A static code only identifies: care steps that need a dynamic code (QR_CODE_STEPS) refuse it
 *   (QR_STATIC_NOT_ALLOWED), and each terminal may verify QR_STATIC_PER_TERMINAL_PER_MINUTE.
 * Each outcome is audited through the store, which batches the writes. Framework-free: the raw
 * Node handler (server/http/fastRoutes.ts) calls `verifyAtTerminal`.
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { parseJsonBody } from "@/lib/validation";
import { sm2Verify } from "@/server/crypto/sm";
import { log } from "@/lib/log";
import { bearerTokenOf, hashBearerToken } from "@/server/auth/bearerToken";
import { RateLimitedError } from "@/server/http/boundary";
import { getConfig, type QrStepPolicy } from "@/server/config";
import type { VerifyLimits } from "@/server/limits";
import { HealthCardError } from "./errors";
import type { HealthCardKeys } from "./keyStore";
import { decryptPii, maskDocumentNumber, maskName } from "./pii";
import { QrCodeError, parseQrCode, verifyQrCode, type QrErrorCode } from "./qr";

export interface TerminalRecord {
  id: string;
  code: string;
  institutionId: string;
  sm2PublicKey: string | null;
  revoked: boolean;
}

export interface CardRecord {
  cardId: string;
  status: "ACTIVE" | "SUSPENDED" | "REVOKED";
  residentId: string;
  masterIndexId: string;
  name: string;
  sex: "MALE" | "FEMALE" | "UNKNOWN";
  birthDate: Date | null;
  docType: string | null;
  docNumberEnc: string | null;
  docKeyVersion: number | null;
  verified: boolean;
}

export interface VerifyAuditEntry {
  terminalId: string | null;
  cardId: string | null;
  outcome: string;
  step: string | null;
  ip: string | null;
  requestId: string;
  /** A window's count of failures from one address, written as one entry (server/limits.ts FailureTally). */
  tally?: { failures: number; outcomes: Record<string, number>; windowSeconds: number };
}

/** A dynamic code's claim of its issued-code row. */
export interface DynamicClaim {
  cardId: string;
  validity: string;
  terminalId: string;
  now: Date;
}

/** CLAIMED: this verification is the code's one use. Otherwise why not. */
export type ClaimOutcome = "CLAIMED" | "NOT_ISSUED" | "OTHER_CARD" | "USED" | "EXPIRED";

const CLAIM_REFUSALS: Record<Exclude<ClaimOutcome, "CLAIMED">, QrErrorCode> = {
  NOT_ISSUED: "QR_INVALID",
  OTHER_CARD: "QR_SPLICED",
  USED: "QR_REPLAYED",
  EXPIRED: "QR_EXPIRED",
};

export interface VerifyStore {
  terminalByTokenHash(tokenHash: string): Promise<TerminalRecord | null>;
  /**
   * Claims the code's issued-code row (issued to this card, unclaimed, unexpired) and loads the
   * card, in one round trip; of concurrent claims of one code exactly one answers CLAIMED.
   */
  claimAndLoad(claim: DynamicClaim): Promise<{ outcome: ClaimOutcome; card: CardRecord | null }>;
  cardByCardId(cardId: string): Promise<CardRecord | null>;
  audit(entry: VerifyAuditEntry): void;
  /** Terminals by token hash, kept for TERMINAL_CACHE_MS: they are looked up on every request. */
  readonly terminalCache: Map<string, { record: TerminalRecord; at: number }>;
}

export const verifyBody = z.object({
  code: z.string().min(1).max(200),
  terminalId: z.string().min(1).max(64),
  step: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/),
});

export interface VerifyAnswer {
  cardId: string;
  masterIndexId: string;
  codeKind: "static" | "dynamic";
  expiresAt: string | null;
  cardStatus: "ACTIVE";
  verified: boolean;
  resident: { name: string; sex: "MALE" | "FEMALE" | "UNKNOWN"; birthDate: string | null; docType: string | null; docNumberMasked: string | null };
}

export interface VerifyRequest {
  authorization: string | undefined;
  signature: string | undefined;
  rawBody: string;
  ip: string | null;
  requestId: string;
}

const logger = log.child({ module: "healthcard.verify" });

// Revocation in this process forgets the entry at once; other processes within TERMINAL_CACHE_MS.
const TERMINAL_CACHE_MS = 10_000;

export function forgetTerminalCache(store: VerifyStore, tokenHash?: string): void {
  if (tokenHash) store.terminalCache.delete(tokenHash);
  else store.terminalCache.clear();
}

async function authenticate(store: VerifyStore, authorization: string | undefined): Promise<TerminalRecord> {
  const token = bearerTokenOf(authorization);
  if (!token) throw new HealthCardError("TERMINAL_UNAUTHENTICATED", "healthCard.terminal.unauthenticated");
  const hash = hashBearerToken(token);
  const cached = store.terminalCache.get(hash);
  let record = cached && Date.now() - cached.at < TERMINAL_CACHE_MS ? cached.record : null;
  if (!record) {
    record = await store.terminalByTokenHash(hash);
    if (record) store.terminalCache.set(hash, { record, at: Date.now() });
  }
  if (!record || record.revoked) throw new HealthCardError("TERMINAL_UNAUTHENTICATED", "healthCard.terminal.unauthenticated");
  return record;
}

function outcomeOf(error: unknown): string {
  if (error instanceof QrCodeError) return error.qrCode;
  if (error instanceof AppError) return error.code;
  return "INTERNAL";
}

/**
 * With `limits` (the platform's, server/limits.ts): an address or terminal with too many failed
 * verifications in the last minute is refused (429) for the rest of it, and failures without a
 * known terminal (bad tokens) and refusals are counted, one audit entry per address and minute,
 * rather than audited one row each.
 */
export async function verifyAtTerminal(
  store: VerifyStore,
  keys: HealthCardKeys,
  request: VerifyRequest,
  now: Date = new Date(),
  limits?: VerifyLimits,
  steps: QrStepPolicy = getConfig().qrSteps,
): Promise<VerifyAnswer> {
  let terminal: TerminalRecord | null = null;
  let step: string | null = null;
  let cardId: string | null = null;
  const address = request.ip ?? "unknown";
  try {
    limits?.perAddress.check(address);
    terminal = await authenticate(store, request.authorization);
    limits?.perTerminal.check(terminal.id);
    if (terminal.sm2PublicKey) {
      const signature = request.signature?.trim() ?? "";
      if (!/^[0-9a-fA-F]{128}$/.test(signature) || !sm2Verify(request.rawBody, signature, terminal.sm2PublicKey)) {
        throw new HealthCardError("TERMINAL_UNAUTHENTICATED", "healthCard.terminal.badSignature");
      }
    }
    const body = parseJsonBody(verifyBody, request.rawBody);
    step = body.step;
    if (body.terminalId.trim().toUpperCase() !== terminal.code) throw new HealthCardError("TERMINAL_UNAUTHENTICATED", "healthCard.terminal.idMismatch");
    const parsed = parseQrCode(body.code);
    let card: CardRecord | null;
    let expiresAt: Date | null = null;
    if (parsed.kind === "static") {
      cardId = parsed.cardId;
      if (steps.requiresDynamic(step)) throw new QrCodeError("QR_STATIC_NOT_ALLOWED", { step });
      await limits?.staticPerTerminal.use(terminal.id);
      card = await store.cardByCardId(parsed.cardId);
    } else {
      // The claim comes after the cryptographic checks, so garbage never reaches the store.
      const verified = await verifyQrCode(body.code, keys.cards, { now }).catch((error: unknown) => {
        // A genuine block on the wrong card: the audit entry names the card it was presented as.
        if (error instanceof QrCodeError && error.qrCode === "QR_SPLICED") cardId = parsed.cardId;
        throw error;
      });
      if (verified.kind !== "dynamic") throw new QrCodeError("QR_MALFORMED");
      cardId = verified.cardId;
      expiresAt = verified.expiresAt;
      const claimed = await store.claimAndLoad({ cardId: verified.cardId, validity: verified.validity, terminalId: terminal.id, now });
      if (claimed.outcome !== "CLAIMED") throw new QrCodeError(CLAIM_REFUSALS[claimed.outcome]);
      card = claimed.card;
    }
    if (!card) throw new QrCodeError("QR_INVALID");
    if (card.status === "SUSPENDED") throw new HealthCardError("CARD_SUSPENDED", "healthCard.card.suspended");
    if (card.status === "REVOKED") throw new HealthCardError("CARD_REVOKED", "healthCard.card.revoked");
    let docNumberMasked: string | null = null;
    if (card.docNumberEnc && card.docKeyVersion !== null) {
      docNumberMasked = maskDocumentNumber(decryptPii({ ciphertext: card.docNumberEnc, keyVersion: card.docKeyVersion }, keys.pii, "resident.docNumber"));
    }
    store.audit({ terminalId: terminal.id, cardId, outcome: "OK", step, ip: request.ip, requestId: request.requestId });
    return {
      cardId: card.cardId,
      masterIndexId: card.masterIndexId,
      codeKind: parsed.kind,
      expiresAt: expiresAt?.toISOString() ?? null,
      cardStatus: "ACTIVE",
      verified: card.verified,
      resident: {
        name: maskName(card.name),
        sex: card.sex,
        birthDate: card.birthDate ? card.birthDate.toISOString().slice(0, 10) : null,
        docType: card.docType,
        docNumberMasked,
      },
    };
  } catch (error) {
    const outcome = outcomeOf(error);
    const refused = error instanceof RateLimitedError;
    if (limits && (refused || terminal === null)) limits.tally.add(request.ip, outcome);
    else store.audit({ terminalId: terminal?.id ?? null, cardId, outcome, step, ip: request.ip, requestId: request.requestId });
    if (limits && !refused && outcome !== "INTERNAL") {
      await Promise.all([limits.perAddress.failed(address), terminal ? limits.perTerminal.failed(terminal.id) : undefined]).catch((limitError: unknown) =>
        logger.warn("could not count a failed verification", { error: (limitError as Error).message }),
      );
    }
    throw error;
  }
}

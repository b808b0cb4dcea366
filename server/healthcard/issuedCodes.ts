/**
 * Dynamic codes are recorded when they are issued (qr_issued, one row per code, keyed by its
 * validity block with the card it was issued to), so a terminal's verification can claim exactly
 * that code for exactly that card, once (verifyStore.ts). A code the platform did not issue (made
 * by anyone holding an old protection key, or spliced) has no row and is refused.
 */
import type { Db } from "@/server/db/client";
import { createDynamicQrCode, type DynamicQrCode } from "./qr";
import type { HealthCardKeySet } from "./keys";
import { isUniqueViolation } from "./residents";

const ATTEMPTS = 3;

export async function issueDynamicQrCode(
  db: Db,
  cardId: string,
  keySet: HealthCardKeySet,
  options: { now?: Date; validitySeconds?: number } = {},
): Promise<DynamicQrCode> {
  for (let attempt = 1; ; attempt++) {
    const code = createDynamicQrCode(cardId, keySet, options);
    try {
      await db.qrIssued.create({ data: { validity: code.validity, cardId, expiresAt: code.expiresAt } });
      return code;
    } catch (error) {
      // Two codes of one card in one second share a block only if their 24-bit nonces collide.
      if (!isUniqueViolation(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** Records codes made elsewhere (the verification benchmark makes its codes in bulk). */
export async function recordIssuedCodes(db: Db, codes: readonly DynamicQrCode[]): Promise<void> {
  for (let i = 0; i < codes.length; i += 5_000) {
    await db.qrIssued.createMany({ data: codes.slice(i, i + 5_000).map((c) => ({ validity: c.validity, cardId: c.cardId, expiresAt: c.expiresAt })) });
  }
}

/**
 * The patient's own card: summary (card ID masked) and QR codes for the portal. Each dynamic code
 * is recorded as issued to this card (issuedCodes.ts) before the resident sees it.
 */
import { NotFoundError } from "@/lib/errors";
import { assertRole } from "@/server/access/policy";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { HealthCardError } from "./errors";
import type { HealthCardKeys } from "./keyStore";
import { getResidentSummary, type ResidentSummary } from "./lookup";
import { issueDynamicQrCode } from "./issuedCodes";
import { createStaticQrCode } from "./qr";
import { MISSING } from "@/server/notFound";

export async function getOwnCard(db: Db, actor: SessionUser): Promise<ResidentSummary | null> {
  assertRole(actor, "card.own");
  const resident = await db.resident.findUnique({ where: { userId: actor.id }, select: { id: true } });
  return resident ? getResidentSummary(db, actor, resident.id) : null;
}

export interface OwnQrCodes {
  dynamic: { code: string; expiresAt: string };
  static: string;
  validitySeconds: number;
  serverTime: string;
}

export async function getOwnQrCodes(db: Db, actor: SessionUser, keys: HealthCardKeys): Promise<OwnQrCodes> {
  assertRole(actor, "card.own");
  // The card ID itself, which the summary only has masked: it goes into the codes.
  return qrCodesOfCard(db, await db.healthCard.findFirst({ where: { resident: { userId: actor.id } }, select: { cardId: true, status: true } }), keys);
}

/** The codes of one card (the caller decided who may see them): a dynamic one recorded as issued, and the static one. */
export async function qrCodesOfCard(db: Db, card: { cardId: string; status: string } | null, keys: HealthCardKeys): Promise<OwnQrCodes> {
  if (!card) throw new NotFoundError(MISSING.healthCard);
  if (card.status === "SUSPENDED") throw new HealthCardError("CARD_SUSPENDED", "healthCard.card.suspended");
  if (card.status === "REVOKED") throw new HealthCardError("CARD_REVOKED", "healthCard.card.revoked");
  const now = new Date();
  const dynamic = await issueDynamicQrCode(db, card.cardId, keys.cards.current, { now, validitySeconds: keys.qrValiditySeconds });
  return {
    dynamic: { code: dynamic.code, expiresAt: dynamic.expiresAt.toISOString() },
    static: createStaticQrCode(card.cardId),
    validitySeconds: keys.qrValiditySeconds,
    serverTime: now.toISOString(),
  };
}

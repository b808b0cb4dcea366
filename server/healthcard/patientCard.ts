/** The patient's own card: summary and QR codes for the portal. */
import { NotFoundError } from "@/lib/errors";
import { assertRole } from "@/server/access/policy";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { HealthCardError } from "./errors";
import type { HealthCardKeys } from "./keyStore";
import { getResidentSummary, type ResidentSummary } from "./lookup";
import { createDynamicQrCode, createStaticQrCode } from "./qr";
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
  const card = await getOwnCard(db, actor);
  if (!card?.cardId) throw new NotFoundError(MISSING.healthCard);
  if (card.cardStatus === "SUSPENDED") throw new HealthCardError("CARD_SUSPENDED", "healthCard.card.suspended");
  if (card.cardStatus === "REVOKED") throw new HealthCardError("CARD_REVOKED", "healthCard.card.revoked");
  const now = new Date();
  const dynamic = createDynamicQrCode(card.cardId, keys.cards.current, { now, validitySeconds: keys.qrValiditySeconds });
  return {
    dynamic: { code: dynamic.code, expiresAt: dynamic.expiresAt.toISOString() },
    static: createStaticQrCode(card.cardId),
    validitySeconds: keys.qrValiditySeconds,
    serverTime: now.toISOString(),
  };
}

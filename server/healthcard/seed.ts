/**
 * Demo residents for the demo patient accounts: real-looking resident IDs from Wuhua county
 * (441424) with computed check characters, cards issued at 五华县人民医院 (WHXPH) and a linked
 * visit-card number there. Keyed on the document, so loading it again changes nothing.
 */
import type { Logger } from "@/lib/log";
import type { Db } from "@/server/db/client";
import { linkIdentifierTx } from "./identifiers";
import { residentIdCheckCharacter } from "./identity";
import { getHealthCardKeys } from "./keyStore";
import { preparePerson } from "./person";
import { createOrFindTx } from "./residents";

const withCheck = (first17: string) => first17 + residentIdCheckCharacter(first17);

export const DEMO_RESIDENTS = [
  { username: "patient", name: "张三", docNumber: withCheck("44142419650312001"), phone: "13800138001", visitCard: "WH20190001" },
  { username: "patient2", name: "李秀英", docNumber: withCheck("44142419580920002"), phone: "13800138002", visitCard: "WH20190002" },
  { username: "patient3", name: "王小红", docNumber: withCheck("44142419920105004"), phone: "13800138003", visitCard: "WH20190003" },
] as const;

export const DEMO_INSTITUTION_CODE = "WHXPH";

export async function seedHealthCards(db: Db, logger?: Logger): Promise<{ created: number }> {
  const keys = getHealthCardKeys();
  const institution = await db.institution.findUnique({ where: { code: DEMO_INSTITUTION_CODE }, select: { id: true } });
  if (!institution) return { created: 0 };
  let created = 0;
  for (const demo of DEMO_RESIDENTS) {
    const user = await db.user.findUnique({ where: { username: demo.username }, select: { id: true, resident: { select: { id: true } } } });
    const person = preparePerson({ docType: "01", docNumber: demo.docNumber, name: demo.name, phone: demo.phone }, keys);
    await db.$transaction(async (tx) => {
      const outcome = await createOrFindTx(tx, keys, person, { channel: "WINDOW", institutionId: institution.id, actorId: null, verified: true, userId: user && !user.resident ? user.id : null });
      if (!outcome.existing) created++;
      await linkIdentifierTx(tx, outcome.resident.id, { kind: "VISIT_CARD", issuer: DEMO_INSTITUTION_CODE, value: demo.visitCard }, null);
    });
  }
  logger?.info("demo health cards loaded", { created });
  return { created };
}

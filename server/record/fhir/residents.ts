/**
 * Who a Bundle's resources are about: residents named by their health card ID or by a local
 * identifier that the master index links to the sending institution (server/record/fhir/
 * systems.ts). Looked up in a few queries for the whole Bundle; a merged record resolves to the
 * record that absorbed it.
 */
import { isCardId } from "@/server/healthcard/cardId";
import type { Db } from "@/server/db/client";
import type { IdentifierKind } from "@/server/db/generated/enums";
import { LOCAL_IDENTIFIER_SYSTEMS, SYSTEM } from "./systems";

export interface IdentifierRef {
  system: string;
  value: string;
}

export type Resolution = { kind: "one"; residentId: string } | { kind: "none" } | { kind: "conflict" };

const MAX_MERGE_HOPS = 8;

const keyOf = (ref: IdentifierRef) => (ref.system === SYSTEM.healthCard ? `${ref.system}|${ref.value.trim().toUpperCase()}` : `${ref.system}|${ref.value.trim()}`);

export function residentResolver(db: Pick<Db, "healthCard" | "residentIdentifier" | "resident">, institutionCode: string) {
  const cardIds = new Set<string>();
  const local = new Map<IdentifierKind, Set<string>>();
  const found = new Map<string, string>();
  return {
    /** Collects identifiers to look up; unknown systems are ignored. */
    want(refs: readonly IdentifierRef[]) {
      for (const ref of refs) {
        const value = ref.value.trim();
        if (ref.system === SYSTEM.healthCard) {
          if (isCardId(value.toUpperCase())) cardIds.add(value.toUpperCase());
          continue;
        }
        const kind = LOCAL_IDENTIFIER_SYSTEMS[ref.system];
        if (kind && value.length > 0 && value.length <= 64) local.set(kind, (local.get(kind) ?? new Set()).add(value));
      }
    },
    async load() {
      const [cards, identifiers] = await Promise.all([
        cardIds.size ? db.healthCard.findMany({ where: { cardId: { in: [...cardIds] } }, select: { cardId: true, residentId: true } }) : [],
        local.size
          ? db.residentIdentifier.findMany({
              // The issuer is the sender's institution, whatever the Bundle says: another hospital's numbers do not resolve.
              where: { issuer: institutionCode, OR: [...local].map(([kind, values]) => ({ kind, value: { in: [...values] } })) },
              select: { kind: true, value: true, residentId: true },
            })
          : [],
      ]);
      const direct = new Map<string, string>();
      for (const card of cards) direct.set(`${SYSTEM.healthCard}|${card.cardId}`, card.residentId);
      const systemOf = Object.fromEntries(Object.entries(LOCAL_IDENTIFIER_SYSTEMS).map(([system, kind]) => [kind, system]));
      for (const identifier of identifiers) direct.set(`${systemOf[identifier.kind]}|${identifier.value}`, identifier.residentId);
      // Follow merges to the surviving record.
      const finalOf = new Map<string, string>();
      let pending = [...new Set(direct.values())];
      const into = new Map<string, string | null>();
      for (let hop = 0; hop < MAX_MERGE_HOPS && pending.length > 0; hop++) {
        const rows = await db.resident.findMany({ where: { id: { in: pending } }, select: { id: true, mergedIntoId: true } });
        for (const row of rows) into.set(row.id, row.mergedIntoId);
        pending = rows.map((r) => r.mergedIntoId).filter((id): id is string => id !== null && !into.has(id));
      }
      const settle = (id: string) => {
        let current = id;
        for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
          const next = into.get(current);
          if (!next) break;
          current = next;
        }
        return current;
      };
      for (const [key, residentId] of direct) {
        finalOf.set(residentId, finalOf.get(residentId) ?? settle(residentId));
        found.set(key, finalOf.get(residentId) as string);
      }
    },
    /** The one resident the identifiers name (after load). */
    resolve(refs: readonly IdentifierRef[]): Resolution {
      const ids = new Set(refs.map((ref) => found.get(keyOf(ref))).filter((id): id is string => id !== undefined));
      if (ids.size === 0) return { kind: "none" };
      if (ids.size > 1) return { kind: "conflict" };
      return { kind: "one", residentId: [...ids][0] as string };
    },
  };
}

/**
 * Re-encrypts every resident's document and phone number to the current PII key and format
 * (`npm run pii:reencrypt`): after an upgrade from the unauthenticated format, and after a key
 * rotation (PII_KEY_VERSION). Only rows that need it are read, in id order, a batch per
 * transaction; each row is written only if it still holds what was read. So the command is
 * idempotent (a second run finds nothing) and resumable (an interrupted run leaves finished
 * batches finished, and the next run finds the rest).
 */
import { log } from "@/lib/log";
import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import type { HealthCardKeys } from "./keyStore";
import { PiiDecryptionError, PiiIntegrityError, reencryptPii, type PiiField } from "./pii";


export interface ReencryptProgress {
  /** Rows that needed re-encryption when the run started. */
  total: number;
  checked: number;
  reencrypted: number;
  /** Rows that no configured key opens, or that fail their integrity check: left untouched. */
  unreadable: number;
  /** Rows another writer changed between read and write: the next run looks at them again. */
  skipped: number;
}

export interface ReencryptResult extends ReencryptProgress {
  unreadableIds: string[];
}

/** Rows holding a value in the old format or under another key version than the current one. */
function needsReencryption(currentVersion: number): Prisma.ResidentWhereInput[] {
  return [
    { docNumberEnc: { not: { startsWith: "v2:" } } },
    { docKeyVersion: { not: currentVersion } },
    { phoneEnc: { not: { startsWith: "v2:" } } },
    { phoneKeyVersion: { not: currentVersion } },
  ];
}

function reencryptField(enc: string | null, version: number | null, keys: HealthCardKeys, field: PiiField): { enc: string; version: number } | null {
  if (enc === null || version === null) return null;
  const next = reencryptPii({ ciphertext: enc, keyVersion: version }, keys.pii, field);
  return { enc: next.ciphertext, version: next.keyVersion };
}

export async function reencryptAllPii(
  db: Db,
  keys: HealthCardKeys,
  options: { batchSize?: number; onProgress?: (progress: ReencryptProgress) => void } = {},
): Promise<ReencryptResult> {
  const batchSize = options.batchSize ?? 500;
  const pending = needsReencryption(keys.pii.current.version);
  const total = await db.resident.count({ where: { OR: pending } });
  const result: ReencryptResult = { total, checked: 0, reencrypted: 0, unreadable: 0, skipped: 0, unreadableIds: [] };
  let after: string | undefined;
  for (;;) {
    const rows = await db.resident.findMany({
      where: { OR: pending, ...(after === undefined ? {} : { id: { gt: after } }) },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, docNumberEnc: true, docKeyVersion: true, phoneEnc: true, phoneKeyVersion: true },
    });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const updates: Prisma.PrismaPromise<Prisma.BatchPayload>[] = [];
    for (const row of rows) {
      let doc, phone;
      try {
        doc = reencryptField(row.docNumberEnc, row.docKeyVersion, keys, "resident.docNumber");
        phone = reencryptField(row.phoneEnc, row.phoneKeyVersion, keys, "resident.phone");
      } catch (error) {
        if (!(error instanceof PiiIntegrityError || error instanceof PiiDecryptionError)) throw error;
        result.unreadable += 1;
        result.unreadableIds.push(row.id);
        log.error("a resident's personal data cannot be re-encrypted: left as it is", { module: "pii.reencrypt", residentId: row.id, reason: error.name });
        continue;
      }
      updates.push(
        db.resident.updateMany({
          where: { id: row.id, docNumberEnc: row.docNumberEnc, phoneEnc: row.phoneEnc },
          data: { docNumberEnc: doc?.enc, docKeyVersion: doc?.version, phoneEnc: phone?.enc, phoneKeyVersion: phone?.version },
        }),
      );
    }
    const written = await db.$transaction(updates);
    const changed = written.reduce((sum, { count }) => sum + count, 0);
    result.checked += rows.length;
    result.reencrypted += changed;
    result.skipped += updates.length - changed;
    options.onProgress?.({ total, checked: result.checked, reencrypted: result.reencrypted, unreadable: result.unreadable, skipped: result.skipped });
  }
  return result;
}

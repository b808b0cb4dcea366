/**
 * The verification API's database access on a plain pg pool (the hot path skips Prisma's
 * query layer): one round trip per request (a dynamic code's INSERT … ON CONFLICT DO NOTHING
 * and the card SELECT in one statement), audit rows written in batches (one multi-row INSERT
 * every AUDIT_FLUSH_MS or AUDIT_BATCH rows), expired replay rows swept every minute.
 * These sessions run with synchronous_commit off: a database crash may forget the last few
 * hundred milliseconds of used codes (which then expire within their validity anyway), in
 * exchange for not waiting on a WAL flush per verification.
 */
import pg from "pg";
import { log } from "@/lib/log";
import type { CardRecord, TerminalRecord, VerifyAuditEntry, VerifyStore } from "./verify";

const AUDIT_FLUSH_MS = 200;
const AUDIT_BATCH = 500;
const SWEEP_MS = 60_000;
const logger = log.child({ module: "healthcard.verify" });

const CARD_SELECT = `SELECT c.card_id, c.status::text, r.id::text AS resident_id, r.master_index_id, r.name, r.sex::text, r.birth_date,
       r.doc_type, r.doc_number_enc, r.doc_key_version, r.verified
  FROM health_card c JOIN resident r ON r.id = c.resident_id WHERE c.card_id = $3`;

function toCard(row: Record<string, unknown>): CardRecord {
  return {
    cardId: row.card_id as string,
    status: row.status as CardRecord["status"],
    residentId: row.resident_id as string,
    masterIndexId: row.master_index_id as string,
    name: row.name as string,
    sex: row.sex as CardRecord["sex"],
    birthDate: row.birth_date as Date | null,
    docType: (row.doc_type as string | null)?.trim() ?? null,
    docNumberEnc: row.doc_number_enc as string | null,
    docKeyVersion: row.doc_key_version as number | null,
    verified: row.verified as boolean,
  };
}

export class PgVerifyStore implements VerifyStore {
  private readonly pool: pg.Pool;
  private pending: VerifyAuditEntry[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly sweepTimer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(connectionString: string, poolSize: number) {
    // A start-up parameter rather than a SET on "connect": pg-pool does not wait for that listener,
    // so the SET raced the first query. (Embedded PGlite accepts the parameter and ignores it.)
    this.pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 10_000, options: "-c synchronous_commit=off" });
    this.pool.on("error", (error) => logger.warn("verify pool client error", { error: error.message }));
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
  }

  async terminalByTokenHash(tokenHash: string): Promise<TerminalRecord | null> {
    const { rows } = await this.pool.query<{ id: string; code: string; institution_id: string; sm2_public_key: string | null; revoked: boolean }>({
      name: "ehc_terminal",
      text: "SELECT id::text, code, institution_id::text, sm2_public_key, revoked_at IS NOT NULL AS revoked FROM terminal WHERE token_hash = $1",
      values: [tokenHash],
    });
    const row = rows[0];
    return row ? { id: row.id, code: row.code, institutionId: row.institution_id, sm2PublicKey: row.sm2_public_key, revoked: row.revoked } : null;
  }

  async claimAndLoad(code: string, expiresAt: Date, cardId: string): Promise<{ firstUse: boolean; card: CardRecord | null }> {
    const { rows } = await this.pool.query({
      name: "ehc_claim_card",
      text: `WITH claimed AS (INSERT INTO qr_replay (code, expires_at) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING 1)
             SELECT (SELECT count(*) FROM claimed)::int AS first_use, x.* FROM (SELECT 1) AS one
               LEFT JOIN (${CARD_SELECT}) AS x ON true`,
      values: [code, expiresAt, cardId],
    });
    const row = rows[0] as Record<string, unknown>;
    return { firstUse: row.first_use === 1, card: row.card_id ? toCard(row) : null };
  }

  async cardByCardId(cardId: string): Promise<CardRecord | null> {
    const { rows } = await this.pool.query({ name: "ehc_card", text: CARD_SELECT.replace("$3", "$1"), values: [cardId] });
    const row = rows[0] as Record<string, unknown> | undefined;
    return row ? toCard(row) : null;
  }

  audit(entry: VerifyAuditEntry): void {
    this.pending.push(entry);
    if (this.pending.length >= AUDIT_BATCH) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), AUDIT_FLUSH_MS);
  }

  /** Writes what is buffered; resolves when every earlier entry is stored. */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  private async write(batch: VerifyAuditEntry[]): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO audit_log (action, target_type, target_id, ip, request_id, details)
         SELECT 'ehc.verify', 'healthCard', t.card_id, t.ip, t.request_id, t.details
           FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) AS t(card_id, ip, request_id, details)`,
        [
          batch.map((e) => e.cardId),
          batch.map((e) => e.ip),
          batch.map((e) => e.requestId),
          batch.map((e) => JSON.stringify({ terminalId: e.terminalId, outcome: e.outcome, step: e.step })),
        ],
      );
    } catch (error) {
      logger.error("verification audit batch could not be written", { error: (error as Error).message, entries: batch.length });
    }
  }

  private async sweep(): Promise<void> {
    try {
      await this.pool.query("DELETE FROM qr_replay WHERE expires_at < now() - interval '1 minute'");
    } catch (error) {
      logger.warn("replay sweep failed", { error: (error as Error).message });
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.flush();
    await this.pool.end();
  }
}

interface StoreGlobal {
  __rmpVerifyStore?: PgVerifyStore;
}
const holder = globalThis as unknown as StoreGlobal;

/** One store per process, shared by the raw handler and Next's route. */
export function getVerifyStore(): PgVerifyStore {
  if (!holder.__rmpVerifyStore) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const configured = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    // Embedded PGlite is only safe on one connection; a real server gets its own small pool.
    holder.__rmpVerifyStore = new PgVerifyStore(url, configured <= 1 ? 1 : Math.min(8, configured));
  }
  return holder.__rmpVerifyStore;
}

export async function closeVerifyStore(): Promise<void> {
  const store = holder.__rmpVerifyStore;
  holder.__rmpVerifyStore = undefined;
  await store?.close();
}

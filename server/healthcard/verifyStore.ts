/**
 * The verification API's database access on a plain pg pool (the hot path skips Prisma's
 * query layer): one round trip per request (a dynamic code's claim of its issued-code row, the
 * row as it was, and the card, in one statement), audit rows written in batches (one multi-row
 * INSERT every AUDIT_FLUSH_MS or AUDIT_BATCH rows), expired issued codes swept every minute.
 * Its pool runs with synchronous_commit off: a database crash may forget the last few hundred
 * milliseconds of claims (those codes then expire within their validity anyway), in exchange for
 * not waiting on a WAL flush per verification.
 */
import pg from "pg";
import { log } from "@/lib/log";
import { statement } from "@/server/db/connections";
import type { CardRecord, ClaimOutcome, DynamicClaim, TerminalRecord, VerifyAuditEntry, VerifyStore } from "./verify";

const AUDIT_FLUSH_MS = 200;
const AUDIT_BATCH = 500;
const SWEEP_MS = 60_000;
const logger = log.child({ module: "healthcard.verify" });

const cardSelect = (cardIdParameter: string) => `SELECT c.card_id, c.status::text, r.id::text AS resident_id, r.master_index_id, r.name, r.sex::text, r.birth_date,
       r.doc_type, r.doc_number_enc, r.doc_key_version, r.verified
  FROM health_card c JOIN resident r ON r.id = c.resident_id WHERE c.card_id = ${cardIdParameter}`;

/**
 * The claim: an UPDATE of one unclaimed, unexpired row issued to this card. Of two terminals
 * claiming at once the second waits for the first's row lock, re-reads the row, finds it claimed
 * and updates nothing: exactly one wins. The row as this statement's snapshot saw it (`i`) says
 * why a claim failed; a row that looked claimable yet was not claimed lost that race.
 */
const CLAIM_AND_LOAD = `WITH claimed AS (
    UPDATE qr_issued SET claimed_at = $4, claimed_by = $3::uuid
     WHERE validity = $1 AND card_id = $2 AND claimed_at IS NULL AND expires_at >= $4
     RETURNING 1)
  SELECT (SELECT count(*) FROM claimed)::int AS claimed, i.card_id AS issued_to, i.claimed_at IS NOT NULL AS issued_used,
         i.expires_at < $4 AS issued_expired, x.*
    FROM (SELECT 1) AS one
    LEFT JOIN qr_issued i ON i.validity = $1
    LEFT JOIN (${cardSelect("$2")}) AS x ON true`;

function claimOutcomeOf(row: Record<string, unknown>, cardId: string): ClaimOutcome {
  if (row.claimed === 1) return "CLAIMED";
  if (row.issued_to === null || row.issued_to === undefined) return "NOT_ISSUED";
  if (row.issued_to !== cardId) return "OTHER_CARD";
  if (row.issued_expired === true) return "EXPIRED";
  return "USED";
}

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
  private pending: VerifyAuditEntry[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly sweepTimer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  /** Terminals by token hash: looked up on every request, kept briefly off the database. */
  readonly terminalCache = new Map<string, { record: TerminalRecord; at: number }>();

  /** The pool is the platform's verification pool (server/db/connections.ts); the store does not own it. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly namedStatements: boolean,
  ) {
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
  }

  async terminalByTokenHash(tokenHash: string): Promise<TerminalRecord | null> {
    const { rows } = await this.pool.query<{ id: string; code: string; institution_id: string; sm2_public_key: string | null; revoked: boolean }>(
      statement(this.namedStatements, "ehc_terminal", "SELECT id::text, code, institution_id::text, sm2_public_key, revoked_at IS NOT NULL AS revoked FROM terminal WHERE token_hash = $1", [tokenHash]),
    );
    const row = rows[0];
    return row ? { id: row.id, code: row.code, institutionId: row.institution_id, sm2PublicKey: row.sm2_public_key, revoked: row.revoked } : null;
  }

  async claimAndLoad(claim: DynamicClaim): Promise<{ outcome: ClaimOutcome; card: CardRecord | null }> {
    const { rows } = await this.pool.query(
      statement(this.namedStatements, "ehc_claim_issued", CLAIM_AND_LOAD, [claim.validity, claim.cardId, claim.terminalId, claim.now]),
    );
    const row = rows[0] as Record<string, unknown>;
    return { outcome: claimOutcomeOf(row, claim.cardId), card: row.card_id ? toCard(row) : null };
  }

  async cardByCardId(cardId: string): Promise<CardRecord | null> {
    const { rows } = await this.pool.query(statement(this.namedStatements, "ehc_card", cardSelect("$1"), [cardId]));
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
          batch.map((e) => e.requestId || null),
          batch.map((e) => JSON.stringify({ terminalId: e.terminalId, outcome: e.outcome, step: e.step, ...(e.tally ? e.tally : {}) })),
        ],
      );
    } catch (error) {
      logger.error("verification audit batch could not be written", { error: (error as Error).message, entries: batch.length });
    }
  }

  private async sweep(): Promise<void> {
    try {
      await this.pool.query("DELETE FROM qr_issued WHERE expires_at < now() - interval '1 minute'");
    } catch (error) {
      logger.warn("issued-code sweep failed", { error: (error as Error).message });
    }
  }

  /** Writes what is buffered and stops the sweep; the pool stays open (the platform closes it). */
  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.flush();
  }
}

/**
 * The audit log's SM3 hash chain. Entries are written to audit_log by Node (server/audit.ts) and
 * by SQL (the booking function, terminal verification), and PostgreSQL has no SM3, so entries are
 * not hashed when written: a sealer chains them afterwards into the insert-only table audit_seal,
 * one seal per entry: SM3(previous hash ‖ the entry's canonical form). Chains are per UTC day of
 * sealing; each day's chain starts from the previous day's head, so a whole missing day shows too.
 *
 * Which entries are final: audit_log.xact is the inserting transaction's id. Once every
 * transaction of this database with a lower id has ended (the horizon, HORIZON_SQL), the entries
 * below it can no longer be joined by a late commit; a round seals exactly those not yet sealed,
 * in id order.
 * Rounds run every AUDIT_SEAL_SECONDS in each process (AuditSealer), once a minute on the job
 * queue as a backstop, and before verification; one advisory lock keeps two from sealing at once.
 */
import type pg from "pg";
import { log } from "@/lib/log";
import { sm3 } from "@/server/crypto/sm";
import type { QueueDefinition } from "@/server/jobs/queue";

const logger = log.child({ module: "audit-chain" });

/** The previous hash of the very first entry. */
export const GENESIS_HASH = "0".repeat(64);
/** pg_advisory_xact_lock key of the sealer (any constant no other lock uses). */
const SEAL_LOCK = 0x5ea1_a0d1;
const DEFAULT_BATCH = 5_000;

type Queryable = Pick<pg.Pool, "query">;

/** An audit_log row as text, exactly as the database returns it (the input of the hash). */
export interface AuditRowText {
  id: string;
  at_ms: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  request_id: string | null;
  /** jsonb's text form, which PostgreSQL normalises (key order, spacing). */
  details: string;
  xact: string;
}

export const AUDIT_ROW_COLUMNS = `a.id::text AS id, (extract(epoch FROM a.at) * 1000)::bigint::text AS at_ms,
  a.actor_id::text AS actor_id, a.actor_role::text AS actor_role, a.action, a.target_type, a.target_id,
  a.ip, a.request_id, a.details::text AS details, a.xact::text AS xact`;

export interface ChainPosition {
  /** The chain: the UTC day of sealing, YYYY-MM-DD. */
  chain: string;
  seq: number;
}

/** The hash of an entry at its place in the chain, given the hash before it. */
export function entryHash(previousHash: string, position: ChainPosition, row: AuditRowText): string {
  const canonical = JSON.stringify([
    position.chain,
    position.seq,
    row.id,
    row.at_ms,
    row.actor_id,
    row.actor_role,
    row.action,
    row.target_type,
    row.target_id,
    row.ip,
    row.request_id,
    row.details,
    row.xact,
  ]);
  return sm3(Buffer.concat([Buffer.from(previousHash, "hex"), Buffer.from(canonical, "utf8")])).toString("hex");
}

/**
 * The horizon: the oldest transaction of this database still running when the statement's
 * snapshot was taken (else the next transaction id). Transactions of other databases on the same
 * server cannot write our audit_log, so they do not hold sealing back, which the snapshot's own
 * xmin (cluster-wide) would. pg_stat_activity is read after the snapshot: a transaction running in
 * it and gone by then has ended, and the next statement's snapshot sees its rows.
 */
const HORIZON_SQL = `
  WITH snap AS (SELECT pg_current_snapshot() AS s),
       here AS (SELECT backend_xid::text::bigint AS xid FROM pg_stat_activity
                 WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid())
  SELECT coalesce(
           (SELECT min(x::text::bigint) FROM snap, pg_snapshot_xip(snap.s) AS x WHERE x::text::bigint % 4294967296 IN (SELECT xid FROM here)),
           (SELECT pg_snapshot_xmax(s)::text::bigint FROM snap))::text AS horizon,
         (now() AT TIME ZONE 'UTC')::date::text AS today`;

interface ChainTail {
  chain: string;
  seq: number;
  hash: string;
  /** Every entry with a lower xact is sealed. */
  floor: string;
}

async function chainTail(client: Queryable): Promise<ChainTail | null> {
  const { rows } = await client.query<{ chain: string; seq: number; hash: string; horizon: string }>(
    "SELECT chain::text AS chain, seq, hash, horizon::text AS horizon FROM audit_seal ORDER BY chain DESC, seq DESC LIMIT 1",
  );
  const tail = rows[0];
  return tail ? { chain: tail.chain, seq: tail.seq, hash: tail.hash, floor: tail.horizon } : null;
}

/**
 * One sealing round of at most `batchSize` entries, in its own transaction. Returns how many it
 * sealed and whether entries below the horizon remain; 0 when another process holds the lock.
 */
async function sealRound(pool: pg.Pool, batchSize: number): Promise<{ sealed: number; more: boolean }> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const locked = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS locked", [SEAL_LOCK]);
    if (!locked.rows[0]?.locked) {
      await client.query("ROLLBACK");
      return { sealed: 0, more: false };
    }
    const tail = await chainTail(client);
    const now = await client.query<{ horizon: string; today: string }>(HORIZON_SQL);
    const { horizon, today } = now.rows[0] as { horizon: string; today: string };
    const floor = tail?.floor ?? "0";
    const { rows } = await client.query<AuditRowText>(
      `SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log a
        WHERE a.xact >= $1::bigint AND a.xact < $2::bigint
          AND NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id)
        ORDER BY a.id LIMIT $3`,
      [floor, horizon, batchSize],
    );
    const more = rows.length === batchSize;
    if (rows.length === 0) {
      await client.query("ROLLBACK");
      return { sealed: 0, more: false };
    }
    let seq = tail?.chain === today ? tail.seq : 0;
    let previous = tail?.hash ?? GENESIS_HASH;
    const ids: string[] = [];
    const seqs: number[] = [];
    const hashes: string[] = [];
    for (const row of rows) {
      seq += 1;
      previous = entryHash(previous, { chain: today, seq }, row);
      ids.push(row.id);
      seqs.push(seq);
      hashes.push(previous);
    }
    // A partial round leaves the floor where it was: entries below the horizon are still unsealed.
    const newFloor = more ? floor : horizon;
    if (rows.length > 0) {
      await client.query(
        `INSERT INTO audit_seal (audit_id, chain, seq, hash, horizon)
         SELECT u.id, $2::date, u.seq, u.hash, $5::bigint FROM unnest($1::bigint[], $3::int[], $4::text[]) AS u(id, seq, hash)`,
        [ids, today, seqs, hashes, newFloor],
      );
    }
    await client.query("COMMIT");
    return { sealed: rows.length, more };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Seals every audit entry that is final now. Safe to run anywhere, any number of times. */
export async function sealAuditLog(pool: pg.Pool, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let total = 0;
  for (;;) {
    const round = await sealRound(pool, batchSize);
    total += round.sealed;
    if (!round.more) return total;
  }
}

/** Seals every few seconds in this process once started: every entry is sealed within seconds of its commit. */
export class AuditSealer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.nudge(), this.intervalMs);
    this.timer.unref();
    this.nudge();
  }

  /** Asks for a round now (after a write batch); rounds never overlap, a nudge during one runs another after it. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = sealAuditLog(this.pool)
      .then(() => undefined)
      .catch((error: unknown) => logger.warn("audit sealing failed; the next round tries again", { error: (error as Error).message }))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}

export const AUDIT_SEAL_QUEUE = "audit-seal";

/** The backstop on the job queue: once a minute across all processes, in case no process's timer ran. */
export function auditSealQueue(pool: pg.Pool): QueueDefinition {
  return {
    name: AUDIT_SEAL_QUEUE,
    policy: "singleton",
    retryLimit: 2,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
    cron: "* * * * *",
    handle: () => sealAuditLog(pool),
  };
}

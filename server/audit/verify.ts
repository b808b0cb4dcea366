/**
 * Proof of the audit log (`npm run audit:verify`): walks every chain of audit_seal in order,
 * recomputes each entry's SM3 hash from the entry and the hash before it, and reports what no
 * longer fits, with its position:
 * - altered: the entry (or its seal) changed since it was sealed;
 * - deleted: a sealed entry is gone, or seals are missing from the chain (a gap in seq);
 * - inserted: an entry below the sealed horizon that was never sealed (written after the fact
 *   with an old transaction id), or one sealed long after the time it claims (backdated).
 * Anchors (heads exported earlier and kept elsewhere) are checked too: a chain rewritten from
 * some point on, hashes recomputed and all, no longer has the anchored hash at that position.
 */
import type pg from "pg";
import { AUDIT_ROW_COLUMNS, entryHash, GENESIS_HASH, type AuditRowText } from "./chain";

/** An entry that claims a time this long before the previous seal was written after the fact. */
export const BACKDATED_AFTER_MS = 10 * 60 * 1000;
const PAGE = 10_000;
const MAX_UNSEALED_REPORTED = 1_000;

type Queryable = Pick<pg.Pool, "query">;

export type AuditFindingKind = "altered" | "deleted" | "inserted";

export interface AuditFinding {
  kind: AuditFindingKind;
  /** The chain (UTC day of sealing) and sequence number, when the entry has a place in one. */
  chain: string | null;
  seq: number | null;
  /** audit_log.id, when known. */
  id: string | null;
  detail: string;
}

/** A chain's last hash: what `--export-heads` prints, to be anchored elsewhere. */
export interface ChainHead {
  chain: string;
  seq: number;
  head: string;
}

export interface AuditVerification {
  ok: boolean;
  findings: AuditFinding[];
  sealed: number;
  /** Entries not sealed yet because their transactions may still have company (normal for seconds). */
  pending: number;
  heads: ChainHead[];
}

interface SealedRow extends Omit<AuditRowText, "id"> {
  id: string | null;
  chain: string;
  seq: number;
  hash: string;
  audit_id: string;
  sealed_ms: string;
}

/** Days of sealing to verify (UTC, YYYY-MM-DD, both included); either end open. */
export interface AuditRange {
  from?: string;
  to?: string;
}

async function* sealsInOrder(db: Queryable, range: AuditRange): AsyncGenerator<SealedRow> {
  let after: { chain: string; seq: number } = { chain: range.from ?? "0001-01-01", seq: 0 };
  for (;;) {
    const { rows } = await db.query<SealedRow>(
      `SELECT s.chain::text AS chain, s.seq, s.hash, s.audit_id::text AS audit_id,
              (extract(epoch FROM s.sealed_at) * 1000)::bigint::text AS sealed_ms, ${AUDIT_ROW_COLUMNS}
         FROM audit_seal s LEFT JOIN audit_log a ON a.id = s.audit_id
        WHERE (s.chain, s.seq) > ($1::date, $2::int) AND s.chain <= $4::date
        ORDER BY s.chain, s.seq LIMIT $3`,
      [after.chain, after.seq, PAGE, range.to ?? "9999-12-31"],
    );
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return;
    after = { chain: last.chain, seq: last.seq };
  }
}

function anchorKey(chain: string, seq: number): string {
  return `${chain}#${seq}`;
}

/**
 * Verifies the chains of the days in `range` (all by default). A range starts from the stored
 * head of the day before it: that head is taken as given, so anchor it (`--anchors`) or verify the
 * whole log now and then. Anchors outside the range are not checked; unsealed entries are looked
 * for among those claiming a time from the day before the range to the day after it.
 */
export async function verifyAuditLog(db: Queryable, options: { anchors?: ChainHead[]; range?: AuditRange } = {}): Promise<AuditVerification> {
  const range = options.range ?? {};
  const findings: AuditFinding[] = [];
  const heads: ChainHead[] = [];
  const inRange = (chain: string) => (!range.from || chain >= range.from) && (!range.to || chain <= range.to);
  const anchors = new Map((options.anchors ?? []).filter((anchor) => inRange(anchor.chain)).map((anchor) => [anchorKey(anchor.chain, anchor.seq), anchor]));
  let previousHash = GENESIS_HASH;
  let previousSealedMs: number | null = null;
  if (range.from) {
    const before = await db.query<{ hash: string; sealed_ms: string }>(
      "SELECT hash, (extract(epoch FROM sealed_at) * 1000)::bigint::text AS sealed_ms FROM audit_seal WHERE chain < $1::date ORDER BY chain DESC, seq DESC LIMIT 1",
      [range.from],
    );
    if (before.rows[0]) {
      previousHash = before.rows[0].hash;
      previousSealedMs = Number(before.rows[0].sealed_ms);
    }
  }
  let current = null as ChainHead | null;
  let sealed = 0;

  for await (const seal of sealsInOrder(db, range)) {
    sealed += 1;
    if (current?.chain !== seal.chain) {
      if (current) heads.push(current);
      current = { chain: seal.chain, seq: 0, head: previousHash };
    }
    if (seal.seq !== current.seq + 1) {
      const missing = current.seq + 1 === seal.seq - 1 ? `${current.seq + 1}` : `${current.seq + 1}–${seal.seq - 1}`;
      findings.push({ kind: "deleted", chain: seal.chain, seq: current.seq + 1, id: null, detail: `seals ${missing} of the chain are missing` });
    }
    const position = { chain: seal.chain, seq: seal.seq };
    if (seal.id === null) {
      findings.push({ kind: "deleted", ...position, id: seal.audit_id, detail: "the sealed entry is no longer in audit_log" });
    } else if (entryHash(previousHash, position, seal as AuditRowText) !== seal.hash) {
      findings.push({ kind: "altered", ...position, id: seal.id, detail: "the entry does not match its seal (content, seal or predecessor changed)" });
    } else if (previousSealedMs !== null && Number(seal.at_ms) < previousSealedMs - BACKDATED_AFTER_MS) {
      findings.push({ kind: "inserted", ...position, id: seal.id, detail: `the entry claims ${new Date(Number(seal.at_ms)).toISOString()}, long before the seal before it` });
    }
    const anchor = anchors.get(anchorKey(seal.chain, seal.seq));
    if (anchor && anchor.head !== seal.hash) {
      findings.push({ kind: "altered", ...position, id: seal.audit_id, detail: "the chain differs from its anchored head here: it was rewritten up to this point" });
    }
    anchors.delete(anchorKey(seal.chain, seal.seq));
    // Go on from the stored hash, so one changed entry is one finding rather than a cascade.
    previousHash = seal.hash;
    previousSealedMs = Number(seal.sealed_ms);
    current = { chain: seal.chain, seq: seal.seq, head: seal.hash };
  }
  if (current) heads.push(current);
  for (const anchor of anchors.values()) {
    findings.push({ kind: "deleted", chain: anchor.chain, seq: anchor.seq, id: null, detail: "an anchored head's position is no longer in the chain" });
  }

  const floor = (await db.query<{ floor: string | null }>("SELECT max(horizon)::text AS floor FROM audit_seal")).rows[0]?.floor ?? "0";
  // Entries claiming a time from the day before the range to the day after it (the whole log without a range).
  const unsealed = `FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.audit_id = a.id) AND a.at >= (($2::date - 1)::timestamp AT TIME ZONE 'UTC') AND a.at < (($3::date + 2)::timestamp AT TIME ZONE 'UTC')`;
  const bounds = [range.from ?? "0001-01-01", range.to ?? "9999-12-30"];
  const inserted = await db.query<{ id: string }>(`SELECT a.id::text AS id ${unsealed} AND a.xact < $1::bigint ORDER BY a.id LIMIT $4`, [floor, ...bounds, MAX_UNSEALED_REPORTED]);
  for (const row of inserted.rows) {
    findings.push({ kind: "inserted", chain: null, seq: null, id: row.id, detail: "the entry is below the sealed horizon but was never sealed" });
  }
  const pending = Number((await db.query<{ count: string }>(`SELECT count(*)::text AS count ${unsealed} AND a.xact >= $1::bigint`, [floor, ...bounds])).rows[0]?.count ?? 0);
  return { ok: findings.length === 0, findings, sealed, pending, heads };
}

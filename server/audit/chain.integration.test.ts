/**
 * The audit chain against tampering by someone holding the owner's credentials: the trigger that
 * refuses UPDATE and DELETE is bypassed (session_replication_role, DISABLE TRIGGER), and
 * verification must still name what changed and where.
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { audit } from "@/server/audit";
import type { AuditAction } from "./actions";
import type { Platform } from "@/server/platform";
import { unique, useTestDatabase } from "@/test/db";
import { sealAuditLog } from "./chain";
import { verifyAuditLog, type AuditFinding } from "./verify";

let platform: Platform;
let pool: pg.Pool;

beforeAll(async () => {
  platform = await useTestDatabase();
  pool = platform.database.main;
});

/** Writes entries through Node and through SQL (as the booking function does), seals them, and returns their ids in order. */
async function sealedEntries(count: number): Promise<string[]> {
  // A made-up action of its own (not one of AUDIT_ACTIONS) so this test's entries are found by it alone.
  const action = unique("test.chain") as AuditAction;
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) await audit(platform.db, { action, targetType: "test", targetId: String(i), details: { i, note: "病历查看" } });
    else await pool.query("INSERT INTO audit_log (action, target_type, target_id, details) VALUES ($1, 'test', $2, $3)", [action, String(i), { i }]);
  }
  await sealAuditLog(pool);
  const { rows } = await pool.query<{ id: string }>("SELECT id::text AS id FROM audit_log WHERE action = $1 ORDER BY id", [action]);
  return rows.map((row) => row.id);
}

async function sealOf(id: string): Promise<{ chain: string; seq: number }> {
  const { rows } = await pool.query<{ chain: string; seq: number }>("SELECT chain::text AS chain, seq FROM audit_seal WHERE audit_id = $1", [id]);
  if (!rows[0]) throw new Error(`entry ${id} is not sealed`);
  return rows[0];
}

async function asOwner(statements: string[], values: unknown[][]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    for (const [index, text] of statements.entries()) await client.query(text, values[index] ?? []);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

function about(findings: AuditFinding[], ids: string[]): AuditFinding[] {
  return findings.filter((finding) => finding.id !== null && ids.includes(finding.id));
}

describe("the audit chain", () => {
  it("seals entries written by Node and by SQL, and verifies them unchanged", async () => {
    const ids = await sealedEntries(6);
    const positions = await Promise.all(ids.map(sealOf));
    expect(new Set(positions.map((p) => `${p.chain}#${p.seq}`)).size).toBe(ids.length);
    const result = await verifyAuditLog(pool);
    expect(about(result.findings, ids)).toEqual([]);
    expect(result.sealed).toBeGreaterThanOrEqual(ids.length);
    const today = positions[0]?.chain;
    expect(result.heads.some((head) => head.chain === today && /^[0-9a-f]{64}$/.test(head.head))).toBe(true);
  });

  it("finds an entry edited with session_replication_role = replica, at its position", async () => {
    const ids = await sealedEntries(3);
    const target = ids[1] as string;
    await asOwner(["SET LOCAL session_replication_role = replica", "UPDATE audit_log SET details = $1 WHERE id = $2"], [[], [{ i: 1, edited: true }, target]]);
    const { findings } = await verifyAuditLog(pool);
    expect(about(findings, ids)).toEqual([{ kind: "altered", ...(await sealOf(target)), id: target, detail: expect.any(String) }]);
  });

  it("finds an entry deleted with its trigger disabled, at its position", async () => {
    const ids = await sealedEntries(3);
    const target = ids[2] as string;
    const position = await sealOf(target);
    await asOwner(
      ['ALTER TABLE audit_log DISABLE TRIGGER "audit_log_append_only"', "DELETE FROM audit_log WHERE id = $1", 'ALTER TABLE audit_log ENABLE TRIGGER "audit_log_append_only"'],
      [[], [target], []],
    );
    const { findings } = await verifyAuditLog(pool);
    expect(about(findings, ids)).toEqual([{ kind: "deleted", ...position, id: target, detail: expect.any(String) }]);
  });

  it("finds a deleted seal as a gap in the chain", async () => {
    const ids = await sealedEntries(3);
    const position = await sealOf(ids[1] as string);
    await asOwner(["SET LOCAL session_replication_role = replica", "DELETE FROM audit_seal WHERE audit_id = $1"], [[], [ids[1]]]);
    const { findings } = await verifyAuditLog(pool);
    expect(findings).toContainEqual({ kind: "deleted", ...position, id: null, detail: expect.any(String) });
  });

  it("finds a forged entry slipped below the sealed horizon, and a backdated one sealed after the fact", async () => {
    await sealedEntries(2);
    const forgedId = `-${BigInt("0x" + randomBytes(6).toString("hex"))}`;
    await pool.query("INSERT INTO audit_log (id, at, action, details, xact) VALUES ($1, now() - interval '3 days', 'record.read', '{}', 3)", [forgedId]);
    const backdated = await pool.query<{ id: string }>(
      "INSERT INTO audit_log (at, action, details) VALUES (now() - interval '1 day', 'record.read', '{}') RETURNING id::text AS id",
    );
    const backdatedId = backdated.rows[0]?.id as string;
    await sealAuditLog(pool);

    const { findings } = await verifyAuditLog(pool);
    expect(about(findings, [forgedId])).toEqual([{ kind: "inserted", chain: null, seq: null, id: forgedId, detail: expect.any(String) }]);
    expect(about(findings, [backdatedId])).toEqual([{ kind: "inserted", ...(await sealOf(backdatedId)), id: backdatedId, detail: expect.any(String) }]);
  });

  it("verifies a range of days: today's finds today's edit; a range of other days neither reads nor reports it", async () => {
    const ids = await sealedEntries(3);
    const target = ids[0] as string;
    const { chain: today } = await sealOf(target);
    await asOwner(["SET LOCAL session_replication_role = replica", "UPDATE audit_log SET details = $1 WHERE id = $2"], [[], [{ edited: "in range" }, target]]);
    const whole = await verifyAuditLog(pool);
    const todayOnly = await verifyAuditLog(pool, { range: { from: today, to: today } });
    expect(about(todayOnly.findings, ids)).toEqual([{ kind: "altered", ...(await sealOf(target)), id: target, detail: expect.any(String) }]);
    expect(todayOnly.sealed).toBeGreaterThanOrEqual(ids.length);
    expect(todayOnly.sealed).toBeLessThanOrEqual(whole.sealed);
    expect(todayOnly.heads.map((head) => head.chain)).toEqual([today]);
    const past = await verifyAuditLog(pool, { range: { from: "2020-01-01", to: "2020-01-31" } });
    expect(past.sealed).toBe(0);
    expect(about(past.findings, ids)).toEqual([]);
    // An entry forged below the horizon claiming a time in the range is found; one claiming a time long before it is left to a whole run.
    const forged = `-${BigInt("0x" + randomBytes(6).toString("hex"))}`;
    await pool.query("INSERT INTO audit_log (id, at, action, details, xact) VALUES ($1, now(), 'record.read', '{}', 3)", [forged]);
    expect(about((await verifyAuditLog(pool, { range: { from: today } })).findings, [forged])).toEqual([{ kind: "inserted", chain: null, seq: null, id: forged, detail: expect.any(String) }]);
    expect(about((await verifyAuditLog(pool, { range: { to: "2020-01-31" } })).findings, [forged])).toEqual([]);
  });

  it("finds a chain rewritten consistently by comparing it with an anchored head", async () => {
    const ids = await sealedEntries(2);
    const { heads } = await verifyAuditLog(pool);
    const position = await sealOf(ids[1] as string);
    const anchor = { ...position, head: (await pool.query<{ hash: string }>("SELECT hash FROM audit_seal WHERE audit_id = $1", [ids[1]])).rows[0]?.hash as string };
    expect(heads.length).toBeGreaterThan(0);
    // A rewrite that recomputes every hash leaves no internal trace; only the anchor shows it.
    await asOwner(["SET LOCAL session_replication_role = replica", "UPDATE audit_seal SET hash = $1 WHERE audit_id = $2"], [[], ["f".repeat(64), ids[1]]]);
    const { findings } = await verifyAuditLog(pool, { anchors: [anchor] });
    expect(findings).toContainEqual({ kind: "altered", ...position, id: ids[1], detail: expect.stringContaining("anchored") });
  });
});

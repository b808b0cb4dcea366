/**
 * One chunk of an import in one transaction, with set-based SQL (a 100,000-row file in a
 * minute rules out per-row round trips). A row is all-or-nothing because its chunk is: resident,
 * card, identifier, row errors and the job's counters commit together or not at all, so the
 * job's processed_rows is always exactly the committed prefix of the file.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { computeCardId, generateMasterIndexId } from "../cardId";
import type { HealthCardKeys } from "../keyStore";
import type { PreparedRow, RowError, RowOutcome } from "./prepare";

export interface ChunkContext {
  jobId: string;
  institutionId: string;
  issuer: string;
  actorId: string;
  keys: HealthCardKeys;
}

export interface ChunkCounts {
  processed: number;
  created: number;
  linked: number;
  unchanged: number;
  errors: number;
}

export class ChunkRaceError extends Error {}

export async function importChunk(client: pg.PoolClient, context: ChunkContext, outcomes: (RowOutcome | null)[]): Promise<ChunkCounts> {
  const rows = outcomes.filter((o): o is { ok: true; row: PreparedRow } => o?.ok === true).map((o) => o.row);
  const errors: RowError[] = outcomes.filter((o): o is { ok: false; error: RowError } => o?.ok === false).map((o) => o.error);
  const counts: ChunkCounts = { processed: outcomes.length, created: 0, linked: 0, unchanged: 0, errors: 0 };

  const identRows = await client.query<{ value: string; resident_id: string; survivor: string }>(
    `SELECT i.value, i.resident_id::text, COALESCE(r.merged_into_id, r.id)::text AS survivor
       FROM resident_identifier i JOIN resident r ON r.id = i.resident_id
      WHERE i.kind = 'VISIT_CARD' AND i.issuer = $1 AND i.value = ANY($2::text[])`,
    [context.issuer, rows.map((r) => r.visitCard)],
  );
  const identByValue = new Map(identRows.rows.map((r) => [r.value, r.survivor]));
  const residentRows = await client.query<{ doc_index: string; survivor: string }>(
    "SELECT doc_index, COALESCE(merged_into_id, id)::text AS survivor FROM resident WHERE doc_index = ANY($1::text[])",
    [rows.map((r) => r.person.docIndex)],
  );
  const residentByDoc = new Map(residentRows.rows.map((r) => [r.doc_index, r.survivor]));

  const newResidents: { id: string; masterIndexId: string; cardId: string; row: PreparedRow }[] = [];
  const newLinks: { residentId: string; value: string }[] = [];
  for (const row of rows) {
    const linkedTo = identByValue.get(row.visitCard);
    let residentId = residentByDoc.get(row.person.docIndex);
    if (linkedTo) {
      if (linkedTo === residentId) counts.unchanged++;
      else errors.push({ rowNumber: row.rowNumber, field: "visitCard", reasonKey: "healthCard.import.row.visitCardOtherPerson", params: {} });
      continue;
    }
    if (residentId) {
      counts.linked++;
    } else {
      residentId = randomUUID();
      const masterIndexId = generateMasterIndexId();
      const cardId = computeCardId({ rootKey: context.keys.cards.current.rootKey, masterIndexId, docType: row.person.doc.docType, docNumber: row.person.doc.docNumber });
      newResidents.push({ id: residentId, masterIndexId, cardId, row });
      residentByDoc.set(row.person.docIndex, residentId);
      counts.created++;
    }
    newLinks.push({ residentId, value: row.visitCard });
    identByValue.set(row.visitCard, residentId);
  }

  if (newResidents.length) {
    const p = newResidents.map((n) => n.row.person);
    const inserted = await client.query(
      `INSERT INTO resident (id, master_index_id, name, sex, birth_date, doc_type, doc_number_enc, doc_key_version, doc_index,
                             phone_enc, phone_key_version, phone_index, verified, updated_at)
       SELECT t.id, t.mi, t.name, t.sex::"Sex", t.birth, t.dt, t.dne, t.dkv, t.di, t.pe, t.pkv, t.pi, false, now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[], $8::int[], $9::text[],
                     $10::text[], $11::int[], $12::text[]) AS t(id, mi, name, sex, birth, dt, dne, dkv, di, pe, pkv, pi)
       ON CONFLICT (doc_index) DO NOTHING`,
      [
        newResidents.map((n) => n.id),
        newResidents.map((n) => n.masterIndexId),
        p.map((x) => x.name),
        p.map((x) => x.sex),
        p.map((x) => x.birthDate),
        p.map((x) => x.doc.docType),
        p.map((x) => x.docNumberEnc),
        p.map((x) => x.docKeyVersion),
        p.map((x) => x.docIndex),
        p.map((x) => x.phoneEnc),
        p.map((x) => x.phoneKeyVersion),
        p.map((x) => x.phoneIndex),
      ],
    );
    // Someone registered one of these documents since we looked: redo the chunk.
    if (inserted.rowCount !== newResidents.length) throw new ChunkRaceError();
    await client.query(
      `INSERT INTO health_card (id, resident_id, card_id, key_version, channel, issuing_institution_id, issued_by_id, updated_at)
       SELECT gen_random_uuid(), t.rid, t.cid, $3, 'BATCH', $4::uuid, $5::uuid, now() FROM unnest($1::uuid[], $2::text[]) AS t(rid, cid)`,
      [newResidents.map((n) => n.id), newResidents.map((n) => n.cardId), context.keys.cards.current.version, context.institutionId, context.actorId],
    );
  }
  if (newLinks.length) {
    const linked = await client.query(
      `INSERT INTO resident_identifier (id, resident_id, kind, issuer, value, created_by_id, import_job_id)
       SELECT gen_random_uuid(), t.rid, 'VISIT_CARD', $3, t.v, $4::uuid, $5::uuid FROM unnest($1::uuid[], $2::text[]) AS t(rid, v)
       ON CONFLICT (kind, issuer, value) DO NOTHING`,
      [newLinks.map((l) => l.residentId), newLinks.map((l) => l.value), context.issuer, context.actorId, context.jobId],
    );
    if (linked.rowCount !== newLinks.length) throw new ChunkRaceError();
  }
  counts.errors = errors.length;
  if (errors.length) {
    await client.query(
      `INSERT INTO import_row_error (job_id, row_number, field, reason_key, params)
       SELECT $1::uuid, t.n, t.f, t.k, t.p FROM unnest($2::int[], $3::text[], $4::text[], $5::jsonb[]) AS t(n, f, k, p)`,
      [context.jobId, errors.map((e) => e.rowNumber), errors.map((e) => e.field), errors.map((e) => e.reasonKey), errors.map((e) => JSON.stringify(e.params))],
    );
  }
  await client.query(
    `UPDATE import_job SET processed_rows = processed_rows + $2, created_count = created_count + $3, linked_count = linked_count + $4,
            unchanged_count = unchanged_count + $5, error_count = error_count + $6 WHERE id = $1`,
    [context.jobId, counts.processed, counts.created, counts.linked, counts.unchanged, counts.errors],
  );
  return counts;
}

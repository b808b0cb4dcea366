/**
 * The device API's database access on the platform's main pool (the hot path skips Prisma): one
 * statement per batch. It finds the device by its token's SM3 (a revoked device is not found, so
 * revocation holds from the next request on, in every process), refuses the batch when a reading
 * is of a kind the device does not measure (the pairs allowed come from server/record/vitals.ts,
 * never written here), inserts the readings with `unnest` (ON CONFLICT on the source key: a
 * reading sent twice is stored once), one alert per new flagged reading, the device's last-seen
 * time (at most once a minute, so a busy device does not rewrite its row on every batch), and one
 * audit entry for the batch, and answers what it did.
 */
import type pg from "pg";
import { statement } from "@/server/db/connections";
import type { HomeDeviceKind, VitalFlag, VitalKind } from "./vitals";

export interface DeviceRecord {
  id: string;
  residentId: string;
  kind: HomeDeviceKind;
}

/** A checked reading, in its kind's own unit, with its flag. */
export interface ReadingRow {
  /** The device's own id of the reading. */
  readingId: string;
  kind: VitalKind;
  value: number;
  value2: number | null;
  unit: string;
  measuredAt: Date;
  flag: VitalFlag | null;
}

export interface DeviceBatch {
  tokenHash: string;
  readings: readonly ReadingRow[];
  /** "DEVICE_KIND:VITAL_KIND" for every pair server/record/vitals.ts DEVICE_MEASURES allows. */
  allowedPairs: readonly string[];
  ip: string | null;
  requestId: string;
}

export interface StoredAlert {
  alertId: string;
  readingId: string;
  kind: VitalKind;
  flag: VitalFlag;
}

export interface DeviceBatchResult {
  /** Null when no live device has the token. */
  device: DeviceRecord | null;
  /** The index of the first reading the device does not measure (nothing was stored), or null. */
  refusedIndex: number | null;
  stored: number;
  alerts: StoredAlert[];
}

export interface DeviceReadingStore {
  ingest(batch: DeviceBatch): Promise<DeviceBatchResult>;
  /** The live device with this token, for answering 401 before 400 when a body is refused. */
  deviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null>;
}

const INGEST = `WITH device AS (
    SELECT id, resident_id, kind::text AS kind FROM home_device WHERE token_hash = $1 AND revoked_at IS NULL
  ), input AS (
    SELECT * FROM unnest($2::int[], $3::text[], $4::"VitalKind"[], $5::float8[], $6::float8[], $7::text[], $8::timestamptz[], $9::"VitalFlag"[])
      AS t(ord, reading_id, kind, value, value2, unit, measured_at, flag)
  ), refused AS (
    SELECT min(i.ord) AS ord FROM input i CROSS JOIN device d WHERE (d.kind || ':' || i.kind::text) <> ALL ($10::text[])
  ), accepted AS (
    SELECT d.* FROM device d WHERE (SELECT ord FROM refused) IS NULL
  ), stored AS (
    INSERT INTO vital_reading (id, resident_id, kind, value, value2, unit, measured_at, source, device_id, source_key, flag)
    SELECT gen_random_uuid(), a.resident_id, i.kind, i.value, i.value2, i.unit, i.measured_at, 'DEVICE', a.id, 'device:' || a.id::text || ':' || i.reading_id, i.flag
      FROM input i CROSS JOIN accepted a
    ON CONFLICT (source_key) DO NOTHING
    RETURNING id, resident_id, source_key, kind, flag
  ), alerts AS (
    INSERT INTO vital_alert (id, reading_id, resident_id)
    SELECT gen_random_uuid(), s.id, s.resident_id FROM stored s WHERE s.flag IS NOT NULL
    RETURNING id, reading_id
  ), seen AS (
    UPDATE home_device h SET last_seen_at = now()
      FROM accepted a WHERE h.id = a.id AND (h.last_seen_at IS NULL OR h.last_seen_at < now() - interval '1 minute')
    RETURNING 1
  ), audited AS (
    INSERT INTO audit_log (action, target_type, target_id, ip, request_id, details)
    SELECT 'record.device.readings', 'resident', a.resident_id::text, $11, $12,
           jsonb_build_object('deviceId', a.id, 'sent', cardinality($3::text[]), 'stored', (SELECT count(*) FROM stored), 'flagged', (SELECT count(*) FROM alerts))
      FROM accepted a
    RETURNING 1
  )
  SELECT d.id::text AS device_id, d.resident_id::text AS resident_id, d.kind AS device_kind,
         (SELECT ord FROM refused) AS refused_index,
         (SELECT count(*) FROM stored)::int AS stored,
         (SELECT count(*) FROM seen)::int + (SELECT count(*) FROM audited)::int AS bookkeeping,
         (SELECT coalesce(json_agg(json_build_object('alertId', al.id::text, 'sourceKey', s.source_key, 'kind', s.kind, 'flag', s.flag)), '[]'::json)
            FROM alerts al JOIN stored s ON s.id = al.reading_id) AS alerts
    FROM (SELECT 1) AS one LEFT JOIN device d ON true`;

const DEVICE_BY_TOKEN = "SELECT id::text, resident_id::text, kind::text FROM home_device WHERE token_hash = $1 AND revoked_at IS NULL";

interface IngestRow {
  device_id: string | null;
  resident_id: string | null;
  device_kind: HomeDeviceKind | null;
  refused_index: number | null;
  stored: number;
  alerts: { alertId: string; sourceKey: string; kind: VitalKind; flag: VitalFlag }[];
}

export class PgDeviceReadingStore implements DeviceReadingStore {
  /** The pool is the platform's main pool (server/db/connections.ts); the store does not own it. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly namedStatements: boolean,
  ) {}

  async ingest(batch: DeviceBatch): Promise<DeviceBatchResult> {
    const r = batch.readings;
    const { rows } = await this.pool.query<IngestRow>(
      statement(this.namedStatements, "device_ingest", INGEST, [
        batch.tokenHash,
        r.map((_, index) => index),
        r.map((x) => x.readingId),
        r.map((x) => x.kind),
        r.map((x) => x.value),
        r.map((x) => x.value2),
        r.map((x) => x.unit),
        r.map((x) => x.measuredAt.toISOString()),
        r.map((x) => x.flag),
        batch.allowedPairs,
        batch.ip,
        batch.requestId,
      ]),
    );
    const row = rows[0] as IngestRow;
    if (!row.device_id) return { device: null, refusedIndex: null, stored: 0, alerts: [] };
    const prefix = `device:${row.device_id}:`;
    return {
      device: { id: row.device_id, residentId: row.resident_id as string, kind: row.device_kind as HomeDeviceKind },
      refusedIndex: row.refused_index,
      stored: row.stored,
      alerts: row.alerts.map((a) => ({ alertId: a.alertId, readingId: a.sourceKey.slice(prefix.length), kind: a.kind, flag: a.flag })),
    };
  }

  async deviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null> {
    const { rows } = await this.pool.query<{ id: string; resident_id: string; kind: HomeDeviceKind }>(statement(this.namedStatements, "device_by_token", DEVICE_BY_TOKEN, [tokenHash]));
    const row = rows[0];
    return row ? { id: row.id, residentId: row.resident_id, kind: row.kind } : null;
  }
}

/**
 * The resident portal's vital signs: which record the page is about (the resident's own, or a
 * family member's they manage), and one kind's readings over a period for the chart and its
 * table, with the reference band (server/record/vitals.ts). Reading them is a read of the record
 * (record.read through authorizeRecord, audited as record.vitals.read).
 */
import { NotFoundError } from "@/lib/errors";
import { isUuid } from "@/lib/validation";
import type { Actor } from "@/server/access/policy";
import type { Db } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { auditRecordAccess, authorizeRecord, grantCovers, type RecordAccessContext } from "./access";
import { referenceBand, VITAL_KINDS, VITAL_TABLE, type ReferenceBand, type VitalFlag, type VitalKind, type VitalSource } from "./vitals";

/** Periods the chart offers, in days. */
export const VITAL_PERIODS = [7, 30, 90, 365] as const;
export type VitalPeriod = (typeof VITAL_PERIODS)[number];
/** The most readings one chart draws (the newest of the period); the page says when there were more. */
export const MAX_CHART_POINTS = 300;

export interface PortalResident {
  id: string;
  name: string;
  /** The signed-in person's own record, not a family member's. */
  own: boolean;
}

/**
 * The record a portal page is about: `requested` (a family member's, checked with record.manage)
 * or the person's own. Null when they have no record yet; 404 for a record they do not manage.
 */
export async function portalResident(db: Db, actor: Actor, requested: string | null | undefined): Promise<PortalResident | null> {
  if (requested) {
    if (!isUuid(requested)) throw new NotFoundError(MISSING.resident);
    await authorizeRecord(db, actor, requested, "record.manage");
    const row = await db.resident.findUnique({ where: { id: requested }, select: { id: true, name: true, userId: true } });
    if (!row) throw new NotFoundError(MISSING.resident);
    return { id: row.id, name: row.name, own: row.userId === actor.id };
  }
  const own = await db.resident.findUnique({ where: { userId: actor.id }, select: { id: true, name: true } });
  return own ? { ...own, own: true } : null;
}

export interface ChartPoint {
  measuredAt: Date;
  value: number;
  value2: number | null;
  flag: VitalFlag | null;
  source: VitalSource;
  /** The device's label, or null for an institution's reading. */
  deviceLabel: string | null;
}

export interface VitalSeries {
  kind: VitalKind;
  unit: string;
  days: VitalPeriod;
  from: Date;
  to: Date;
  /** Oldest first. */
  points: ChartPoint[];
  /** Readings of the period (more than points when over MAX_CHART_POINTS). */
  total: number;
  flagged: number;
  /** The home band when any reading came from a device (home blood pressure has its own thresholds), else the institutions'. */
  band: ReferenceBand;
  /** Readings of each kind in the period, for the kind tabs. */
  counts: Record<VitalKind, number>;
}

export function parseKind(value: string | undefined): VitalKind | null {
  return value && (VITAL_KINDS as readonly string[]).includes(value) ? (value as VitalKind) : null;
}

export function parsePeriod(value: string | undefined): VitalPeriod {
  const days = Number(value);
  return (VITAL_PERIODS as readonly number[]).includes(days) ? (days as VitalPeriod) : 30;
}

/** One kind's readings of the last `days` (the kind with readings when none is asked). */
export async function vitalSeries(db: Db, actor: Actor, residentId: string, ask: { kind: VitalKind | null; days: VitalPeriod }, context: RecordAccessContext = {}, now: Date = new Date()): Promise<VitalSeries> {
  const grant = await authorizeRecord(db, actor, residentId, "record.read", now);
  if (!grantCovers(grant, "VITAL")) throw new NotFoundError(MISSING.resident);
  const from = new Date(now.getTime() - ask.days * 86_400_000);
  const period = { residentId, measuredAt: { gte: from, lte: now } };
  const grouped = await db.vitalReading.groupBy({ by: ["kind"], where: period, _count: { _all: true } });
  const counts = Object.fromEntries(VITAL_KINDS.map((k) => [k, 0])) as Record<VitalKind, number>;
  for (const g of grouped) counts[g.kind] = g._count._all;
  const kind = ask.kind ?? VITAL_KINDS.find((k) => counts[k] > 0) ?? "BLOOD_PRESSURE";
  const where = { ...period, kind };
  const [rows, flagged] = await Promise.all([
    db.vitalReading.findMany({
      where,
      orderBy: [{ measuredAt: "desc" }, { id: "asc" }],
      take: MAX_CHART_POINTS,
      select: { measuredAt: true, value: true, value2: true, flag: true, source: true, device: { select: { label: true } } },
    }),
    db.vitalReading.count({ where: { ...where, flag: { not: null } } }),
  ]);
  const points = rows.reverse().map(({ device, ...p }) => ({ ...p, deviceLabel: device?.label ?? null }));
  await auditRecordAccess(db, actor, grant, "record.vitals.read", { kind, days: ask.days, readings: points.length }, context);
  return {
    kind,
    unit: VITAL_TABLE[kind].unit,
    days: ask.days,
    from,
    to: now,
    points,
    total: counts[kind],
    flagged,
    band: referenceBand(kind, points.some((p) => p.source === "DEVICE") ? "DEVICE" : "INSTITUTION"),
    counts,
  };
}

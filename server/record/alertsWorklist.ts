/**
 * The clinicians' worklist of flagged readings (vitals.worklist) and acknowledging them
 * (vitals.acknowledge). The list holds only residents in the actor's care: the list-side twin of
 * the policy (`recordScope(…, "vitals.acknowledge")`, server/access/relations.ts), the same
 * rule an acknowledgement checks with recordRelations, so the list never shows an alert its
 * reader could not acknowledge, and a clinician of another institution sees nothing. Residents
 * shown are audited as a read of their record (record.vitals.worklist); each acknowledgement
 * is audited under its resident.
 */
import { auditRow } from "@/server/audit";
import { z } from "zod";
import { AppError, NotFoundError } from "@/lib/errors";
import { displayText } from "@/lib/validation";
import { allowingRule, assertAllowed, assertRole, type Actor, type Ground, type Rule } from "@/server/access/policy";
import { recordRelations, recordScope } from "@/server/access/relations";
import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import { MISSING } from "@/server/notFound";
import { auditRecordAccess, type RecordAccessContext } from "./access";
import type { VitalAlertStatus, VitalFlag, VitalKind, VitalSource } from "@/server/db/generated/enums";

export const WORKLIST_PAGE_SIZE = 50;

export interface WorklistFilter {
  status?: VitalAlertStatus;
  residentId?: string;
  page?: number;
}

export interface WorklistAlert {
  id: string;
  status: VitalAlertStatus;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  note: string | null;
  reading: { kind: VitalKind; value: number; value2: number | null; unit: string; measuredAt: Date; flag: VitalFlag | null; source: VitalSource; deviceLabel: string | null };
}

export interface WorklistResident {
  id: string;
  name: string;
  alerts: WorklistAlert[];
}

export interface Worklist {
  residents: WorklistResident[];
  total: number;
  page: number;
  pageSize: number;
}

/** The flagged readings of residents in the actor's care, newest first, grouped by resident. */
export async function listWorklist(db: Db, actor: Actor, filter: WorklistFilter = {}, context: RecordAccessContext = {}): Promise<Worklist> {
  assertRole(actor, "vitals.worklist");
  const page = Math.max(1, filter.page ?? 1);
  const scope = await recordScope(db, actor, "vitals.acknowledge");
  const where: Prisma.VitalAlertWhereInput = {
    status: filter.status ?? "OPEN",
    ...(filter.residentId ? { residentId: filter.residentId } : {}),
    reading: { is: { resident: { is: scope } } },
  };
  const [rows, total] = await Promise.all([
    db.vitalAlert.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { reading: { measuredAt: "desc" } }, { id: "asc" }],
      skip: (page - 1) * WORKLIST_PAGE_SIZE,
      take: WORKLIST_PAGE_SIZE,
      select: {
        id: true,
        status: true,
        createdAt: true,
        acknowledgedAt: true,
        acknowledgedById: true,
        note: true,
        reading: {
          select: {
            kind: true,
            value: true,
            value2: true,
            unit: true,
            measuredAt: true,
            flag: true,
            source: true,
            device: { select: { label: true } },
            resident: { select: { id: true, name: true } },
          },
        },
      },
    }),
    db.vitalAlert.count({ where }),
  ]);
  const acknowledgers = [...new Set(rows.map((r) => r.acknowledgedById).filter((id): id is string => id !== null))];
  const names = new Map(
    acknowledgers.length ? (await db.user.findMany({ where: { id: { in: acknowledgers } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName] as const) : [],
  );
  const byResident = new Map<string, WorklistResident>();
  for (const row of rows) {
    const { resident, device, ...reading } = row.reading;
    const group = byResident.get(resident.id) ?? { id: resident.id, name: resident.name, alerts: [] };
    group.alerts.push({
      id: row.id,
      status: row.status,
      createdAt: row.createdAt,
      acknowledgedAt: row.acknowledgedAt,
      acknowledgedBy: row.acknowledgedById ? (names.get(row.acknowledgedById) ?? null) : null,
      note: row.note,
      reading: { ...reading, deviceLabel: device?.label ?? null },
    });
    byResident.set(resident.id, group);
  }
  const residents = [...byResident.values()];
  if (residents.length > 0) {
    await db.auditLog.createMany({
      data: residents.map((r) =>
        auditRow({
          actorId: actor.id,
          actorRole: actor.role,
          action: "record.vitals.worklist",
          targetType: "resident",
          targetId: r.id,
          ip: context.ip ?? null,
          requestId: context.requestId ?? null,
          // The list's scope is vitals.acknowledge's grounds (own institution, open care).
          details: { scope: "vitals.acknowledge", alerts: r.alerts.length, status: where.status as string },
        }),
      ),
    });
  }
  return { residents, total, page, pageSize: WORKLIST_PAGE_SIZE };
}

export const acknowledgeSchema = z.object({
  alertIds: z.array(z.uuid()).min(1).max(WORKLIST_PAGE_SIZE),
  note: displayText(500).optional(),
});

export interface AcknowledgeResult {
  acknowledged: number;
  /** Already acknowledged by someone else before this request: left as they were. */
  alreadyAcknowledged: number;
}

/**
 * Acknowledges alerts (one, or all of a resident's shown), with an optional note. Each alert's
 * resident is checked against vitals.acknowledge; an alert the actor may not reach answers 404
 * like one that does not exist, and then nothing is acknowledged.
 */
export async function acknowledgeAlerts(db: Db, actor: Actor, input: z.infer<typeof acknowledgeSchema>, context: RecordAccessContext = {}, now: Date = new Date()): Promise<AcknowledgeResult> {
  assertRole(actor, "vitals.acknowledge");
  const ids = [...new Set(input.alertIds)];
  const alerts = await db.vitalAlert.findMany({ where: { id: { in: ids } }, select: { id: true, residentId: true, status: true } });
  if (alerts.length !== ids.length) throw new NotFoundError(MISSING.vitalAlert);
  const grounds = new Map<string, Ground>();
  for (const residentId of new Set(alerts.map((a) => a.residentId))) {
    const relations = await recordRelations(db, residentId, now);
    if (!relations) throw new NotFoundError(MISSING.vitalAlert);
    assertAllowed(actor, "vitals.acknowledge", relations, MISSING.vitalAlert);
    grounds.set(residentId, (allowingRule(actor, "vitals.acknowledge", relations) as Rule).ground);
  }
  const note = input.note?.trim() || null;
  const open = alerts.filter((a) => a.status === "OPEN");
  const alreadyDone = () => new AppError("CONFLICT", "vitals.worklist.alreadyAcknowledged", { publicCode: "ALERT_ALREADY_ACKNOWLEDGED" });
  if (open.length === 0) throw alreadyDone();
  return db.$transaction(async (tx) => {
    // Only alerts still open: of two clinicians acknowledging at once, each alert is one's.
    const { count } = await tx.vitalAlert.updateMany({
      where: { id: { in: open.map((a) => a.id) }, status: "OPEN" },
      data: { status: "ACKNOWLEDGED", acknowledgedById: actor.id, acknowledgedAt: now, note },
    });
    if (count === 0) throw alreadyDone();
    for (const [residentId, ground] of grounds) {
      const mine = alerts.filter((a) => a.residentId === residentId).map((a) => a.id);
      await auditRecordAccess(tx, actor, { residentId, ground }, "record.vitals.acknowledged", { alertIds: mine, note: note !== null }, context);
    }
    return { acknowledged: count, alreadyAcknowledged: ids.length - count };
  });
}

/**
 * Flagged readings reach the resident's care team: every flagged reading has its `vital_alert` row
 * (written with the reading, server/record/devicesStore.ts) on the worklist (alertsWorklist.ts),
 * and the care team is notified, grouped: per resident, per clock hour and per severity each
 * person gets at most one notification (the notification's dedupe key), so a device sending a
 * hundred high readings sends one notification, not a hundred, and a critical reading after a
 * merely high one in the same hour is still told.
 *
 * The care team (`careTeam`) is exactly who the policy's `vitals.acknowledge` admits for the
 * resident (server/access/policy.ts, with recordRelations):
 *  - the requesting doctor and the assigned expert of each of the resident's open consultations
 *    (the openCare ground), and
 *  - the clinicians (county doctors, specialists, coordinators; enabled accounts) of the
 *    resident's institutions (the ownInstitution ground): the institution that issued the health
 *    card, those whose local identifiers are linked in the master index, and those that requested
 *    a consultation for the resident.
 * The fan-out is bounded: everyone of the open consultations is notified, then institution
 * clinicians by their latest sign-in (the ones at work) up to CARE_TEAM_NOTIFIED people in all.
 * The rest of the team sees the alert on the worklist.
 */
import { log } from "@/lib/log";
import { CLINICAL_ROLES, isAllowed } from "@/server/access/policy";
import { recordRelations } from "@/server/access/relations";
import type { Db } from "@/server/db/client";
import { maskName } from "@/server/healthcard/pii";
import { createNotifications, publishNotifications, type NotificationDraft } from "@/server/notifications/notify";
import type { StoredAlert } from "./devicesStore";
import { isCritical } from "./vitals";

/** The most people one resident's alert notifies. */
export const CARE_TEAM_NOTIFIED = 25;

const logger = log.child({ module: "record.alerts" });

export interface CareTeam {
  /** Everyone vitals.acknowledge admits for the resident, in notification order; at most `limit`. */
  userIds: string[];
}

/** The resident's care team (see above), open consultations' people first, at most `limit`. */
export async function careTeam(db: Db, residentId: string, limit = CARE_TEAM_NOTIFIED, now: Date = new Date()): Promise<CareTeam> {
  const relations = await recordRelations(db, residentId, now);
  if (!relations) return { userIds: [] };
  const clinical = { disabled: false, role: { in: [...CLINICAL_ROLES] } };
  const [direct, institutional] = await Promise.all([
    db.user.findMany({ where: { ...clinical, id: { in: [...(relations.openCareTeamIds ?? [])] } }, select: { id: true, role: true, institutionId: true }, take: limit }),
    db.user.findMany({
      where: { ...clinical, institutionId: { in: [...(relations.institutionIds ?? [])] } },
      select: { id: true, role: true, institutionId: true },
      orderBy: [{ lastLoginAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
      take: limit,
    }),
  ]);
  const ids = new Set<string>();
  for (const user of [...direct, ...institutional]) {
    // The policy has the last word: the team is whom vitals.acknowledge admits.
    if (ids.size < limit && isAllowed(user, "vitals.acknowledge", relations)) ids.add(user.id);
  }
  return { userIds: [...ids] };
}

/** The clock hour (UTC) a notification groups into: "2026120314". */
export function hourBucket(at: Date): string {
  return at.toISOString().slice(0, 13).replace(/[-T]/g, "");
}

export type AlertSeverity = "critical" | "flagged";

export function severityOf(alerts: readonly Pick<StoredAlert, "flag">[]): AlertSeverity {
  return alerts.some((a) => isCritical(a.flag)) ? "critical" : "flagged";
}

/** One person's notification of a resident's flagged readings in one hour, at one severity. */
export function alertDedupeKey(residentId: string, bucket: string, severity: AlertSeverity, userId: string): string {
  return `vitals:${residentId}:${bucket}:${severity}:${userId}`;
}

/** Fan-outs running at once: each is about ten queries on the shared pool, which the ingest needs more. */
const FAN_OUT_CONCURRENCY = 1;

/**
 * Tells the care team of new flagged readings. The device API hands alerts over with `enqueue`
 * and answers the device at once: the readings and their alerts are stored, the worklist shows
 * them, and the fan-out (about ten queries per resident) runs behind, one at a time. The notifier
 * remembers in this process which resident, hour and severity it has told or is telling (so a
 * burst costs one fan-out, not one per batch; a failed one is forgotten and tried again by the
 * next flagged batch); the dedupe keys make a second process, or a retry, tell nobody twice.
 */
export class VitalAlertNotifier {
  private readonly told = new Map<string, string>();
  private readonly waiting: (() => Promise<void>)[] = [];
  private running = 0;
  private drained: (() => void)[] = [];

  constructor(private readonly db: Db) {}

  /** Queues the fan-out for these alerts unless this resident, hour and severity is told already. */
  enqueue(residentId: string, alerts: readonly StoredAlert[], now: Date = new Date()): void {
    if (alerts.length === 0) return;
    const bucket = hourBucket(now);
    const key = `${residentId}:${severityOf(alerts)}`;
    if (this.told.get(key) === bucket) return;
    this.remember(key, bucket);
    this.waiting.push(() =>
      this.notify(residentId, alerts, now).then(
        () => undefined,
        (error: unknown) => {
          if (this.told.get(key) === bucket) this.told.delete(key);
          logger.error("care team could not be told of flagged readings; they are on the worklist", { residentId, alerts: alerts.length, error });
        },
      ),
    );
    this.pump();
  }

  /** Resolves when every queued fan-out has run (tests, shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Tells the care team now: the notifications made (none for people told already this hour). */
  async notify(residentId: string, alerts: readonly StoredAlert[], now: Date = new Date()): Promise<number> {
    if (alerts.length === 0) return 0;
    const bucket = hourBucket(now);
    const severity = severityOf(alerts);
    const [team, resident] = await Promise.all([careTeam(this.db, residentId, CARE_TEAM_NOTIFIED, now), this.db.resident.findUnique({ where: { id: residentId }, select: { name: true } })]);
    const drafts: NotificationDraft[] = team.userIds.map((userId) => ({
      userId,
      kind: severity === "critical" ? "vitals.critical" : "vitals.flagged",
      params: { resident: maskName(resident?.name ?? "") },
      link: `/vitals?resident=${residentId}`,
      dedupeKey: alertDedupeKey(residentId, bucket, severity, userId),
    }));
    const rows = await createNotifications(this.db, drafts);
    publishNotifications(rows);
    if (rows.length > 0) logger.info("care team told of flagged readings", { residentId, severity, notified: rows.length, alerts: alerts.length });
    return rows.length;
  }

  private pump(): void {
    while (this.running < FAN_OUT_CONCURRENCY && this.waiting.length > 0) {
      const task = this.waiting.shift() as () => Promise<void>;
      this.running++;
      void task().finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && this.waiting.length === 0) for (const resolve of this.drained.splice(0)) resolve();
      });
    }
  }

  private remember(key: string, bucket: string): void {
    // Entries of earlier hours are of no use: forget them before the map grows.
    if (this.told.size > 10_000) for (const [k, b] of this.told) if (b !== bucket) this.told.delete(k);
    this.told.set(key, bucket);
  }
}

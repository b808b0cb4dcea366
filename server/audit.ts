/** The append-only audit trail: who did what to which record, when. */
import type { Db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import type { AuditAction } from "./audit/actions";

export interface AuditEntry {
  actorId?: string | null;
  actorRole?: Role | null;
  /** One of the listed actions (server/audit/actions.ts), each labelled in both languages. */
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

type AuditWriter = Pick<Db, "auditLog">;

/** The row of an entry, for writers that insert several at once (createMany, or inside a batch). */
export function auditRow(entry: AuditEntry) {
  return {
    actorId: entry.actorId ?? null,
    actorRole: entry.actorRole ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    ip: entry.ip ?? null,
    requestId: entry.requestId ?? null,
    details: (entry.details ?? {}) as object,
  };
}

export async function audit(db: AuditWriter, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({ data: auditRow(entry) });
}

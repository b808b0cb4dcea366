/** The append-only audit trail: who did what to which record, when. */
import type { Db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";

export interface AuditEntry {
  actorId?: string | null;
  actorRole?: Role | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

type AuditWriter = Pick<Db, "auditLog">;

export async function audit(db: AuditWriter, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId ?? null,
      actorRole: entry.actorRole ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip ?? null,
      requestId: entry.requestId ?? null,
      details: (entry.details ?? {}) as object,
    },
  });
}

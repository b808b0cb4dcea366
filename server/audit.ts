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

export interface AuditQuery {
  /** Only actions starting with this prefix, e.g. "auth." */
  actionPrefix?: string;
  /** Entries older than this id (keyset pagination, newest first). */
  beforeId?: bigint;
  limit?: number;
}

export interface AuditViewer {
  role: Role;
  institutionId: string | null;
}

/**
 * The audit trail as its readers may see it: platform admins see everything, institution admins
 * see what their own institution's staff did. Anyone else sees nothing.
 */
export async function listAuditEntries(db: Db, viewer: AuditViewer, query: AuditQuery = {}) {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const scope =
    viewer.role === "PLATFORM_ADMIN"
      ? {}
      : viewer.role === "INSTITUTION_ADMIN" && viewer.institutionId
        ? { actorId: { in: (await db.user.findMany({ where: { institutionId: viewer.institutionId }, select: { id: true } })).map((u) => u.id) } }
        : null;
  if (!scope) return { entries: [], nextBeforeId: null };
  const rows = await db.auditLog.findMany({
    where: {
      ...scope,
      ...(query.actionPrefix ? { action: { startsWith: query.actionPrefix } } : {}),
      ...(query.beforeId ? { id: { lt: query.beforeId } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const actorIds = [...new Set(page.map((row) => row.actorId).filter((id): id is string => Boolean(id)))];
  const actors = new Map(
    (await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true, username: true } })).map((u) => [u.id, u]),
  );
  return {
    entries: page.map((row) => ({ ...row, actor: row.actorId ? (actors.get(row.actorId) ?? null) : null })),
    nextBeforeId: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

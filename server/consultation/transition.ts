/**
 * Applies a state-machine action to one consultation: checks role, party and status
 * (stateMachine.ts), refuses a stale version (optimistic concurrency), records the event and
 * the audit entry, and stores the notifications for every other involved person, all in the
 * caller's transaction.
 */
import { ConflictError, NotFoundError } from "@/lib/errors";
import { withSpecialty } from "@/server/access/relations";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { Prisma } from "@/server/db/generated/client";
import type { Consultation } from "@/server/db/generated/client";
import { createNotifications, type NotificationDraft, type StoredNotification } from "@/server/notifications/notify";
import { checkTransition, type TransitionAction } from "./stateMachine";
import type { Tx } from "./tx";
import { MISSING } from "@/server/notFound";

export class StaleVersionError extends ConflictError {
  constructor() {
    super("consultation.stale", undefined, "STALE_VERSION");
  }
}

export interface TransitionOptions {
  expectedVersion?: number;
  data?: Prisma.ConsultationUncheckedUpdateInput;
  reason?: string;
  requestId?: string;
  /** Extra notification parameters (e.g. the new time). */
  notifyParams?: Record<string, string | number>;
  notifyDedupe?: string;
  /** The row as returned by loadForUpdate in this transaction, to save a read. */
  locked?: Consultation;
}

export interface TransitionResult {
  before: Consultation;
  after: Consultation;
  notifications: StoredNotification[];
}

export async function loadForUpdate(tx: Tx, id: string): Promise<Consultation> {
  // Row lock: concurrent transitions on one consultation queue here instead of racing.
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM consultation WHERE id = ${id}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError(MISSING.consultation);
  return tx.consultation.findUniqueOrThrow({ where: { id } });
}

export async function involvedUserIds(tx: Tx, consultation: Pick<Consultation, "requesterId" | "expertId">): Promise<string[]> {
  const coordinators = await tx.user.findMany({ where: { role: "COORDINATOR", disabled: false }, select: { id: true } });
  return [...new Set([consultation.requesterId, ...(consultation.expertId ? [consultation.expertId] : []), ...coordinators.map((c) => c.id)])];
}

export async function runTransition(tx: Tx, actor: SessionUser, id: string, action: TransitionAction, options: TransitionOptions = {}): Promise<TransitionResult> {
  const before = options.locked ?? (await loadForUpdate(tx, id));
  const to = checkTransition(action, before, await withSpecialty(tx, actor));
  if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) throw new StaleVersionError();
  // The row is locked, so the version cannot move under us; the filter is the second guard.
  const after = await tx.consultation
    .update({ where: { id, version: before.version }, data: { ...options.data, status: to, version: { increment: 1 } } })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === "P2025") throw new StaleVersionError();
      throw error;
    });
  await tx.consultationEvent.create({
    data: { consultationId: id, action, fromStatus: before.status, toStatus: to, actorId: actor.id, reason: options.reason ?? null },
  });
  await audit(tx, {
    actorId: actor.id,
    actorRole: actor.role,
    action: `consultation.${action}`,
    targetType: "consultation",
    targetId: id,
    requestId: options.requestId ?? null,
    details: { from: before.status, to, version: after.version, ...(options.reason ? { reason: options.reason } : {}) },
  });
  const recipients = (await involvedUserIds(tx, after)).filter((userId) => userId !== actor.id);
  // A declined request also tells the expert who declined it nothing new; the previous expert is already the actor.
  if (before.expertId && before.expertId !== after.expertId && before.expertId !== actor.id) recipients.push(before.expertId);
  const drafts: NotificationDraft[] = recipients.map((userId) => ({
    userId,
    kind: `consultation.${action}`,
    params: { number: after.number, actor: actor.displayName, ...(options.reason ? { reason: options.reason } : {}), ...options.notifyParams },
    link: `/consultations/${id}`,
    ...(options.notifyDedupe ? { dedupeKey: `${options.notifyDedupe}:${userId}` } : {}),
  }));
  const notifications = await createNotifications(tx, drafts);
  return { before, after, notifications };
}

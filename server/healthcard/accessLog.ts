/**
 * "Who read my record": the staff accesses to a patient's own resident record, from the
 * append-only audit trail. Counts as an access: anything staff did to the resident record
 * (viewed, identifiers linked, card issued at a window, merge previewed), a successful scan of
 * the patient's card at a terminal, and anything staff did on a consultation about the patient
 * (opened attachments, scheduled, signed an opinion, published or answered advice, read the
 * video session's record…). The patient's own actions never appear, nor any other resident's.
 */
import { assertRole } from "@/server/access/policy";
import type { SessionUser } from "@/server/auth/signIn";
import type { MessageKey } from "@/lib/i18n";
import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import type { Role } from "@/server/db/generated/enums";

export const ACCESS_PAGE_SIZE = 20;

/** Actions with their own plain-language label; any other falls back to a generic one per target. */
export const LABELLED_ACTIONS = [
  "ehc.resident.viewed",
  "ehc.resident.mergePreviewed",
  "ehc.resident.merged",
  "ehc.identifier.linked",
  "ehc.window.issued",
  "ehc.window.existing",
  "ehc.verify",
  "consultation.create",
  "consultation.viewed",
  "consultation.editDraft",
  "consultation.attachment.read",
  "consultation.attachment.add",
  "consultation.attachment.delete",
  "consultation.opinion.sign",
  "advice.publish",
  "advice.answer",
  "video.record.read",
] as const;

export interface RecordAccessEntry {
  id: string;
  at: Date;
  action: string;
  /** Catalogue key of the plain-language label. */
  labelKey: MessageKey;
  /** Staff member's display name, or the terminal's name for a card scan. */
  who: string | null;
  role: Role | null;
  viaTerminal: boolean;
  institution: { name: string; nameEn: string | null } | null;
}

export interface RecordAccessPage {
  /** False when the patient has no resident record (no card yet). */
  hasRecord: boolean;
  entries: RecordAccessEntry[];
  page: number;
  pageSize: number;
  total: number;
}

function isLabelledAction(action: string): action is (typeof LABELLED_ACTIONS)[number] {
  return (LABELLED_ACTIONS as readonly string[]).includes(action);
}

export function labelKeyFor(action: string, targetType: string | null): MessageKey {
  if (isLabelledAction(action)) return `healthCard.access.action.${action}`;
  return targetType === "consultation" ? "healthCard.access.action.consultation.other" : "healthCard.access.action.other";
}

export async function listRecordAccess(db: Db, patient: SessionUser, page = 1, pageSize = ACCESS_PAGE_SIZE): Promise<RecordAccessPage> {
  assertRole(patient, "card.own");
  const current = Math.max(1, Math.floor(page) || 1);
  const resident = await db.resident.findUnique({ where: { userId: patient.id }, select: { id: true, card: { select: { cardId: true } } } });
  if (!resident) return { hasRecord: false, entries: [], page: current, pageSize, total: 0 };
  const consultationIds = (await db.consultation.findMany({ where: { residentId: resident.id }, select: { id: true } })).map((c) => c.id);
  const targets: Prisma.AuditLogWhereInput[] = [{ targetType: "resident", targetId: resident.id }];
  if (resident.card?.cardId) {
    targets.push({ action: "ehc.verify", targetType: "healthCard", targetId: resident.card.cardId, details: { path: ["outcome"], equals: "OK" } });
  }
  if (consultationIds.length > 0) {
    targets.push({ targetType: "consultation", targetId: { in: consultationIds } });
    const [rooms, questions] = await Promise.all([
      db.videoRoom.findMany({ where: { consultationId: { in: consultationIds } }, select: { id: true } }),
      db.adviceQuestion.findMany({ where: { advice: { residentId: resident.id } }, select: { id: true } }),
    ]);
    if (rooms.length > 0) targets.push({ action: "video.record.read", targetType: "video_room", targetId: { in: rooms.map((r) => r.id) } });
    if (questions.length > 0) targets.push({ action: "advice.answer", targetType: "adviceQuestion", targetId: { in: questions.map((q) => q.id) } });
  }
  const where: Prisma.AuditLogWhereInput = {
    AND: [
      { OR: targets },
      // Staff only: the patient's own actions (registration, verification…) are not "access".
      { OR: [{ actorRole: null, action: "ehc.verify" }, { actorRole: { not: "PATIENT" }, actorId: { not: patient.id } }] },
    ],
  };
  const [total, rows] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (current - 1) * pageSize, take: pageSize }),
  ]);
  const actorIds = [...new Set(rows.map((row) => row.actorId).filter((id): id is string => Boolean(id)))];
  const terminalIds = [
    ...new Set(rows.map((row) => (row.details as { terminalId?: unknown } | null)?.terminalId).filter((id): id is string => typeof id === "string")),
  ];
  const [actors, terminals] = await Promise.all([
    actorIds.length
      ? db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true, role: true, institution: { select: { name: true, nameEn: true } } } })
      : [],
    terminalIds.length ? db.terminal.findMany({ where: { id: { in: terminalIds } }, select: { id: true, name: true, institution: { select: { name: true, nameEn: true } } } }) : [],
  ]);
  const actorById = new Map(actors.map((a) => [a.id, a]));
  const terminalById = new Map(terminals.map((term) => [term.id, term]));
  const entries = rows.map((row): RecordAccessEntry => {
    const actor = row.actorId ? actorById.get(row.actorId) : undefined;
    const terminalId = (row.details as { terminalId?: unknown } | null)?.terminalId;
    const terminal = !actor && typeof terminalId === "string" ? terminalById.get(terminalId) : undefined;
    return {
      id: row.id.toString(),
      at: row.at,
      action: row.action,
      labelKey: labelKeyFor(row.action, row.targetType),
      who: actor?.displayName ?? terminal?.name ?? null,
      role: actor?.role ?? row.actorRole ?? null,
      viaTerminal: !actor && row.action === "ehc.verify",
      institution: actor?.institution ?? terminal?.institution ?? null,
    };
  });
  return { hasRecord: true, entries, page: current, pageSize, total };
}

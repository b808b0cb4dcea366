/**
 * "Who read my record": the accesses by others to a resident's record, from the append-only audit
 * trail. Counts as an access: anything staff did to the resident record (viewed, identifiers
 * linked, card issued at a window, merge previewed), reads of the shared record (record.read,
 * file downloads, FHIR reads, emergency accesses, marked), a successful scan of the card at a
 * terminal, and anything staff did on a consultation about the resident (opened attachments,
 * scheduled, signed an opinion, published or answered advice, read the video session's record…).
 * The resident's own actions never appear, nor any other resident's.
 *
 * Repeats are grouped in SQL: the same person (or terminal) on the same record within the same
 * clock hour is one line with a count, the first and last time and what they did; pages are of
 * lines, newest first.
 */
import { assertRole, type Actor } from "@/server/access/policy";
import type { MessageKey } from "@/lib/i18n";
import type { Db } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import { authorizeRecord } from "@/server/record/access";

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
  "record.read",
  "record.file.read",
  "record.fhir.read",
  "record.ingested",
  "record.emergency.opened",
  "record.emergency.reviewed",
  "family.linked",
  "family.ended",
  "record.vitals.read",
  "record.vitals.worklist",
  "record.vitals.acknowledged",
  "record.device.paired",
  "record.device.revoked",
] as const;

export interface RecordAccessEntry {
  /** The newest audit entry of the line. */
  id: string;
  /** The newest access of the line. */
  at: Date;
  /** The first access of the line (equal to `at` for a single one). */
  firstAt: Date;
  /** How many accesses the line stands for. */
  count: number;
  /** What was done, distinct, in the order first done. */
  actions: string[];
  /** Catalogue keys of their plain-language labels, distinct. */
  labelKeys: MessageKey[];
  /** Staff member's display name, the system's name for an institution's integration, or the terminal's name for a card scan. */
  who: string | null;
  role: Role | null;
  viaTerminal: boolean;
  /** Some access of the line was an emergency (break-glass) access. */
  emergency: boolean;
  institution: { name: string; nameEn: string | null } | null;
}

export interface RecordAccessPage {
  /** False when the patient has no resident record (no card yet). */
  hasRecord: boolean;
  entries: RecordAccessEntry[];
  page: number;
  pageSize: number;
  /** Lines, not audit entries. */
  total: number;
}

function isLabelledAction(action: string): action is (typeof LABELLED_ACTIONS)[number] {
  return (LABELLED_ACTIONS as readonly string[]).includes(action);
}

export function labelKeyFor(action: string, targetType: string | null): MessageKey {
  if (isLabelledAction(action)) return `healthCard.access.action.${action}`;
  if (action.startsWith("record.")) return "healthCard.access.action.record.other";
  return targetType === "consultation" ? "healthCard.access.action.consultation.other" : "healthCard.access.action.other";
}

interface LineRow {
  last_id: bigint;
  last_at: Date;
  first_at: Date;
  n: bigint;
  actor_id: string | null;
  actor_role: Role | null;
  terminal_id: string | null;
  actions: string[];
  target_types: (string | null)[];
  emergency: boolean;
  total: bigint;
}

/** The grouped lines of one resident's access log, one page; the owners' own actions left out. */
async function accessLines(db: Db, residentId: string, cardId: string | null, owners: string[], limit: number, offset: number): Promise<LineRow[]> {
  // The owners as one text parameter: the same statement on PostgreSQL and the embedded database.
  const ownerList = owners.join(",");
  return db.$queryRaw<LineRow[]>`
    WITH mine AS (
      SELECT c.id::text AS id FROM consultation c WHERE c.resident_id = ${residentId}::uuid
    ), entries AS (
      SELECT a.id, a.at, a.action, a.actor_id, a.actor_role, a.target_type, a.details
        FROM audit_log a
       WHERE (
               (a.target_type = 'resident' AND a.target_id = ${residentId})
            OR (a.action = 'ehc.verify' AND a.target_type = 'healthCard' AND a.target_id = ${cardId ?? ""} AND a.details->>'outcome' = 'OK')
            OR (a.target_type = 'consultation' AND a.target_id IN (SELECT id FROM mine))
            OR (a.action = 'video.record.read' AND a.target_type = 'video_room'
                AND a.target_id IN (SELECT r.id::text FROM video_room r WHERE r.consultation_id IN (SELECT id FROM mine)))
            OR (a.action = 'advice.answer' AND a.target_type = 'adviceQuestion'
                AND a.target_id IN (SELECT q.id::text FROM advice_question q JOIN follow_up_advice f ON f.id = q.advice_id WHERE f.resident_id = ${residentId}::uuid))
             )
         AND (
               (a.actor_id IS NULL AND a.action = 'ehc.verify')
            OR (a.actor_id IS NOT NULL AND a.actor_id::text <> ALL (string_to_array(${ownerList}, ',')) AND (a.actor_role IS DISTINCT FROM 'PATIENT' OR a.action LIKE 'record.%' OR a.action LIKE 'family.%'))
             )
    ), lines AS (
      SELECT COALESCE(e.actor_id::text, 'terminal:' || COALESCE(e.details->>'terminalId', '')) AS who,
             date_trunc('hour', e.at) AS hour,
             max(e.id) AS last_id, max(e.at) AS last_at, min(e.at) AS first_at, count(*) AS n,
             (array_agg(e.actor_id))[1] AS actor_id,
             (array_agg(e.actor_role ORDER BY e.id DESC))[1] AS actor_role,
             (array_agg(e.details->>'terminalId'))[1] AS terminal_id,
             array_agg(e.action ORDER BY e.id) AS actions,
             array_agg(e.target_type ORDER BY e.id) AS target_types,
             COALESCE(bool_or(e.action = 'record.emergency.opened' OR COALESCE(e.details->>'ground', '') = 'emergencyAccess'), false) AS emergency
        FROM entries e
       GROUP BY 1, 2
    )
    SELECT l.last_id, l.last_at, l.first_at, l.n, l.actor_id::text AS actor_id, l.actor_role::text AS actor_role, l.terminal_id,
           l.actions, l.target_types, l.emergency, count(*) OVER () AS total
      FROM lines l
     ORDER BY l.last_at DESC, l.last_id DESC
     LIMIT ${limit} OFFSET ${offset}`;
}

/**
 * One page of the access log of the patient's own record, or of a family member's record they
 * manage (`residentId`). Staff are refused (403).
 */
export async function listRecordAccess(db: Db, patient: Actor, page = 1, pageSize = ACCESS_PAGE_SIZE, residentId?: string): Promise<RecordAccessPage> {
  assertRole(patient, "card.own");
  const current = Math.max(1, Math.floor(page) || 1);
  if (residentId) await authorizeRecord(db, patient, residentId, "record.manage");
  const resident = await db.resident.findUnique({ where: residentId ? { id: residentId } : { userId: patient.id }, select: { id: true, userId: true, card: { select: { cardId: true } } } });
  if (!resident) return { hasRecord: false, entries: [], page: current, pageSize, total: 0 };
  const owners = [...new Set([patient.id, ...(resident.userId ? [resident.userId] : [])])];
  const rows = await accessLines(db, resident.id, resident.card?.cardId ?? null, owners, pageSize, (current - 1) * pageSize);
  const total = rows.length ? Number(rows[0]!.total) : current === 1 ? 0 : await countLines(db, resident.id, resident.card?.cardId ?? null, owners);
  const actorIds = [...new Set(rows.map((row) => row.actor_id).filter((id): id is string => Boolean(id)))];
  const terminalIds = [...new Set(rows.map((row) => row.terminal_id).filter((id): id is string => typeof id === "string" && /^[0-9a-f-]{36}$/i.test(id)))];
  const [actors, credentials, terminals] = await Promise.all([
    actorIds.length ? db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true, role: true, institution: { select: { name: true, nameEn: true } } } }) : [],
    actorIds.length ? db.integrationCredential.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, institution: { select: { name: true, nameEn: true } } } }) : [],
    terminalIds.length ? db.terminal.findMany({ where: { id: { in: terminalIds } }, select: { id: true, name: true, institution: { select: { name: true, nameEn: true } } } }) : [],
  ]);
  const actorById = new Map(actors.map((a) => [a.id, a]));
  const credentialById = new Map(credentials.map((c) => [c.id, c]));
  const terminalById = new Map(terminals.map((term) => [term.id, term]));
  const entries = rows.map((row): RecordAccessEntry => {
    const actor = row.actor_id ? actorById.get(row.actor_id) : undefined;
    const system = row.actor_id && !actor ? credentialById.get(row.actor_id) : undefined;
    const terminal = !row.actor_id && row.terminal_id ? terminalById.get(row.terminal_id) : undefined;
    const actions = [...new Set(row.actions)];
    const labelKeys = [...new Set(row.actions.map((action, i) => labelKeyFor(action, row.target_types[i] ?? null)))];
    return {
      id: row.last_id.toString(),
      at: row.last_at,
      firstAt: row.first_at,
      count: Number(row.n),
      actions,
      labelKeys,
      who: actor?.displayName ?? system?.name ?? terminal?.name ?? null,
      role: actor?.role ?? row.actor_role ?? null,
      viaTerminal: !row.actor_id && actions.includes("ehc.verify"),
      emergency: row.emergency,
      institution: actor?.institution ?? system?.institution ?? terminal?.institution ?? null,
    };
  });
  return { hasRecord: true, entries, page: current, pageSize, total };
}

/** The number of lines, for a page past the end (which has no row to carry the window count). */
async function countLines(db: Db, residentId: string, cardId: string | null, owners: string[]): Promise<number> {
  const first = await accessLines(db, residentId, cardId, owners, 1, 0);
  return first.length ? Number(first[0]!.total) : 0;
}

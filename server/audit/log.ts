/**
 * The audit log as people read it (app/(portal)/audit and its CSV export): filtered by person
 * (the actor's name or username), resident (a name or card ID: entries about the record, its
 * card and its consultations), action or group, and a range of Beijing days; paged; each row with
 * names instead of ids: the actor's display name and institution, the resident's name masked as
 * everywhere (张*丰), a consultation's number, a card ID masked. Platform admins read everything,
 * institution admins what their own institution's staff did; anyone else nothing.
 */
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import type { Role } from "@/server/db/generated/enums";
import { isCardId, maskCardId } from "@/server/healthcard/cardId";
import { maskName } from "@/server/healthcard/pii";
import { parseDateKey, DAY_MS } from "@/server/scheduling/time";
import { AUDIT_ACTIONS, AUDIT_GROUPS, isAuditAction, type AuditAction, type AuditGroup } from "./actions";

export interface AuditViewer {
  role: Role;
  institutionId: string | null;
}

export interface AuditFilters {
  /** Part of the actor's display name or username. */
  actor?: string;
  /** A resident's name (or its beginning), or a card ID. */
  resident?: string;
  /** One action, or every action of a group. */
  action?: AuditAction;
  group?: AuditGroup;
  /** Beijing days, YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
}

const text = z.string().trim().max(100).optional().transform((v) => (v ? v : undefined));
const day = z.string().trim().optional().transform((v) => (v ? v : undefined)).refine((v) => v === undefined || parseDateKey(v) !== null, { message: "date" });

const filterSchema = z.object({
  actor: text,
  resident: text,
  action: z.string().optional().transform((v) => (v ? v : undefined)).refine((v) => v === undefined || isAuditAction(v) || (AUDIT_GROUPS as readonly string[]).includes(v), { message: "action" }),
  from: day,
  to: day,
});

/** The filters of a query string (the page's form, the export's link): 400 naming the field when one is malformed. */
export function parseAuditFilters(input: Record<string, string | string[] | undefined>): AuditFilters {
  const flat = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = filterSchema.safeParse(flat);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "filter");
    throw new ValidationError(field === "from" || field === "to" ? "audit.filter.badDate" : "audit.filter.badAction", { field });
  }
  const { action, ...rest } = parsed.data;
  const filters: AuditFilters = { ...rest };
  if (action) {
    if (isAuditAction(action)) filters.action = action;
    else filters.group = action as AuditGroup;
  }
  if (filters.from && filters.to && filters.from > filters.to) throw new ValidationError("audit.filter.badRange", { field: "to" });
  return filters;
}

/** The query string of filters, for links (paging, export). */
export function auditFilterQuery(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of ["actor", "resident", "from", "to"] as const) if (filters[key]) params.set(key, filters[key] as string);
  const action = filters.action ?? filters.group;
  if (action) params.set("action", action);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

export interface AuditRow {
  id: string;
  at: Date;
  /** The action as stored; `known` when it is one of AUDIT_ACTIONS (and so has a label). */
  action: string;
  known: boolean;
  actor: { name: string; username: string | null; institution: string | null } | null;
  /** What the entry is about, as people name it. */
  target: { type: string; text: string } | null;
  ip: string | null;
}

export interface AuditPage {
  rows: AuditRow[];
  page: number;
  hasNext: boolean;
}

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one export holds: a narrower filter gets the rest. */
export const AUDIT_EXPORT_LIMIT = 10_000;

const MATCH_LIMIT = 500;

/** The entries the viewer may read, as a filter; null when none. */
async function scopeOf(db: Db, viewer: AuditViewer): Promise<{ actorIds: string[] | null } | null> {
  if (viewer.role === "PLATFORM_ADMIN") return { actorIds: null };
  if (viewer.role !== "INSTITUTION_ADMIN" || !viewer.institutionId) return null;
  return { actorIds: (await db.user.findMany({ where: { institutionId: viewer.institutionId }, select: { id: true } })).map((u) => u.id) };
}

/** Entries about these residents: their record, their card, their consultations. */
async function residentWhere(db: Db, text: string): Promise<Prisma.AuditLogWhereInput> {
  const upper = text.toUpperCase();
  const residents = await db.resident.findMany({
    where: isCardId(upper) ? { card: { cardId: upper } } : { name: { startsWith: text } },
    select: { id: true, card: { select: { cardId: true } } },
    take: MATCH_LIMIT,
  });
  const ids = residents.map((r) => r.id);
  const cards = residents.flatMap((r) => (r.card ? [r.card.cardId] : []));
  const consultations = ids.length ? (await db.consultation.findMany({ where: { residentId: { in: ids } }, select: { id: true } })).map((c) => c.id) : [];
  return {
    OR: [
      { targetType: "resident", targetId: { in: ids } },
      { targetType: "healthCard", targetId: { in: cards } },
      { targetType: "consultation", targetId: { in: consultations } },
    ],
  };
}

async function whereOf(db: Db, viewer: AuditViewer, filters: AuditFilters): Promise<Prisma.AuditLogWhereInput | null> {
  const scope = await scopeOf(db, viewer);
  if (!scope) return null;
  const and: Prisma.AuditLogWhereInput[] = [];
  let actorIds = scope.actorIds;
  if (filters.actor) {
    const matched = (
      await db.user.findMany({
        where: { OR: [{ displayName: { contains: filters.actor, mode: "insensitive" } }, { username: { contains: filters.actor, mode: "insensitive" } }] },
        select: { id: true },
        take: MATCH_LIMIT,
      })
    ).map((u) => u.id);
    actorIds = actorIds ? actorIds.filter((id) => matched.includes(id)) : matched;
  }
  if (actorIds) and.push({ actorId: { in: actorIds } });
  if (filters.resident) and.push(await residentWhere(db, filters.resident));
  if (filters.action) and.push({ action: filters.action });
  else if (filters.group) and.push({ action: { in: AUDIT_ACTIONS.filter((a) => a.startsWith(`${filters.group}.`)) } });
  const from = filters.from ? parseDateKey(filters.from) : null;
  const to = filters.to ? parseDateKey(filters.to) : null;
  if (from || to) and.push({ at: { ...(from ? { gte: from } : {}), ...(to ? { lt: new Date(to.getTime() + DAY_MS) } : {}) } });
  return and.length ? { AND: and } : {};
}

type Entry = { id: bigint; at: Date; actorId: string | null; actorRole: Role | null; action: string; targetType: string | null; targetId: string | null; ip: string | null; details: unknown };

const institutionName = (i: { name: string } | null | undefined) => i?.name ?? null;

/** Names for the ids of a page of entries, a few queries for the whole page. */
async function describe(db: Db, entries: Entry[]): Promise<AuditRow[]> {
  const ids = (type: string) => [...new Set(entries.filter((e) => e.targetType === type && e.targetId).map((e) => e.targetId as string))];
  const uuids = (values: string[]) => values.filter((v) => /^[0-9a-f-]{36}$/i.test(v));
  const people = uuids([...new Set([...entries.filter((e) => e.actorRole !== "INTEGRATION").flatMap((e) => (e.actorId ? [e.actorId] : [])), ...ids("user")])]);
  const credentialIds = uuids([...new Set(entries.filter((e) => e.actorRole === "INTEGRATION" && e.actorId).map((e) => e.actorId as string))]);
  const terminalIds = uuids([...new Set([...ids("terminal"), ...entries.flatMap((e) => (e.action === "ehc.verify" ? [String((e.details as { terminalId?: unknown } | null)?.terminalId ?? "")] : []))])]);
  const [users, credentials, terminals, residents, cards, consultations, advice, questions, sessions, rooms, imports] = await Promise.all([
    db.user.findMany({ where: { id: { in: people } }, select: { id: true, displayName: true, username: true, institution: { select: { name: true } } } }),
    db.integrationCredential.findMany({ where: { id: { in: credentialIds } }, select: { id: true, name: true, institution: { select: { name: true } } } }),
    db.terminal.findMany({ where: { id: { in: terminalIds } }, select: { id: true, name: true, code: true, institution: { select: { name: true } } } }),
    db.resident.findMany({ where: { id: { in: uuids(ids("resident")) } }, select: { id: true, name: true } }),
    db.healthCard.findMany({ where: { cardId: { in: ids("healthCard") } }, select: { cardId: true, resident: { select: { name: true } } } }),
    db.consultation.findMany({ where: { id: { in: uuids(ids("consultation")) } }, select: { id: true, number: true } }),
    db.followUpAdvice.findMany({ where: { id: { in: uuids(ids("followUpAdvice")) } }, select: { id: true, consultation: { select: { number: true } } } }),
    db.adviceQuestion.findMany({ where: { id: { in: uuids(ids("adviceQuestion")) } }, select: { id: true, advice: { select: { consultation: { select: { number: true } } } } } }),
    db.teachingSession.findMany({ where: { id: { in: uuids(ids("teaching_session")) } }, select: { id: true, title: true } }),
    db.videoRoom.findMany({ where: { id: { in: uuids(ids("video_room")) } }, select: { id: true, title: true } }),
    db.importJob.findMany({ where: { id: { in: uuids(ids("importJob")) } }, select: { id: true, fileName: true } }),
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const [userMap, credentialMap, terminalMap] = [byId(users), byId(credentials), byId(terminals)];
  const targetText = new Map<string, string>();
  for (const r of residents) targetText.set(`resident:${r.id}`, maskName(r.name));
  for (const c of cards) targetText.set(`healthCard:${c.cardId}`, `${maskCardId(c.cardId)}（${maskName(c.resident.name)}）`);
  for (const c of consultations) targetText.set(`consultation:${c.id}`, c.number);
  for (const a of advice) targetText.set(`followUpAdvice:${a.id}`, a.consultation.number);
  for (const q of questions) targetText.set(`adviceQuestion:${q.id}`, q.advice.consultation.number);
  for (const s of sessions) targetText.set(`teaching_session:${s.id}`, s.title);
  for (const r of rooms) targetText.set(`video_room:${r.id}`, r.title);
  for (const j of imports) targetText.set(`importJob:${j.id}`, j.fileName);
  for (const u of users) targetText.set(`user:${u.id}`, u.displayName);
  for (const t of terminals) targetText.set(`terminal:${t.id}`, `${t.name}（${t.code}）`);

  return entries.map((e) => {
    let actor: AuditRow["actor"] = null;
    const user = e.actorId ? userMap.get(e.actorId) : undefined;
    const credential = e.actorId && e.actorRole === "INTEGRATION" ? credentialMap.get(e.actorId) : undefined;
    const terminal = e.action === "ehc.verify" ? terminalMap.get(String((e.details as { terminalId?: unknown } | null)?.terminalId ?? "")) : undefined;
    if (credential) actor = { name: credential.name, username: null, institution: institutionName(credential.institution) };
    else if (user) actor = { name: user.displayName, username: user.username, institution: institutionName(user.institution) };
    else if (terminal) actor = { name: `${terminal.name}（${terminal.code}）`, username: null, institution: institutionName(terminal.institution) };
    let target: AuditRow["target"] = null;
    if (e.targetType) {
      // An opinion template is named as its entry recorded it (it may have been renamed or deleted since).
      const recorded = e.targetType === "opinionTemplate" ? (e.details as { name?: unknown } | null)?.name : undefined;
      const known = typeof recorded === "string" ? recorded : e.targetId ? targetText.get(`${e.targetType}:${e.targetId}`) : undefined;
      // A card ID is never shown whole; a username typed at sign-in is shown as typed.
      const fallback = !e.targetId ? "—" : e.targetType === "healthCard" ? maskCardId(e.targetId) : e.targetType === "username" ? e.targetId : e.targetId.slice(0, 8);
      target = { type: e.targetType, text: known ?? fallback };
    }
    return { id: e.id.toString(), at: e.at, action: e.action, known: isAuditAction(e.action), actor, target, ip: e.ip };
  });
}

/** One page of the entries the viewer may read, newest first. */
export async function searchAuditLog(db: Db, viewer: AuditViewer, filters: AuditFilters, page = 1, pageSize = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const where = await whereOf(db, viewer, filters);
  const current = Math.max(1, Math.floor(page));
  if (!where) return { rows: [], page: current, hasNext: false };
  const entries = await db.auditLog.findMany({ where, orderBy: { id: "desc" }, skip: (current - 1) * pageSize, take: pageSize + 1 });
  return { rows: await describe(db, entries.slice(0, pageSize)), page: current, hasNext: entries.length > pageSize };
}

/** Every matching entry up to the export limit, described, newest first; `truncated` when there were more. */
export async function auditRowsForExport(db: Db, viewer: AuditViewer, filters: AuditFilters): Promise<{ rows: AuditRow[]; truncated: boolean }> {
  const where = await whereOf(db, viewer, filters);
  if (!where) return { rows: [], truncated: false };
  const entries = await db.auditLog.findMany({ where, orderBy: { id: "desc" }, take: AUDIT_EXPORT_LIMIT + 1 });
  const rows: AuditRow[] = [];
  const kept = entries.slice(0, AUDIT_EXPORT_LIMIT);
  for (let i = 0; i < kept.length; i += 500) rows.push(...(await describe(db, kept.slice(i, i + 500))));
  return { rows, truncated: entries.length > AUDIT_EXPORT_LIMIT };
}

/**
 * The role homes' worklists (issue 13): the coordinator's triage queue, the county doctor's own
 * requests, the specialist's consultations. One query answers the page of rows and their count,
 * so a home can never show "待分诊：2" beside an empty list. Within what the detail page opens
 * (consultationReadScope), filtered by status, urgency, specialty and day.
 */
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { zodDetails } from "@/lib/validation";
import { assertRole, type Actor } from "@/server/access/policy";
import { consultationReadScope, withSpecialty } from "@/server/access/relations";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import type { ConsultationStatus } from "@/server/db/generated/enums";
import { DAY_MS, parseDateKey } from "@/server/scheduling/time";
import { SPECIALTIES, URGENCIES } from "./specialties";
import { ALL_STATUSES } from "./stateMachine";

export const WORKLIST_ROLES = ["COORDINATOR", "COUNTY_DOCTOR", "SPECIALIST"] as const;
export type WorklistRole = (typeof WORKLIST_ROLES)[number];

export const isWorklistRole = (role: string): role is WorklistRole => (WORKLIST_ROLES as readonly string[]).includes(role);

const OPEN: ConsultationStatus[] = ["SUBMITTED", "ASSIGNED", "SCHEDULED", "IN_SESSION", "OPINION_PENDING"];

/** What each role's home lists when no status is chosen: its work still to do. */
export const WORKLIST_DEFAULT_STATUSES: Record<WorklistRole, ConsultationStatus[]> = {
  // 待分诊: requests waiting for an expert.
  COORDINATOR: ["SUBMITTED"],
  // The doctor's own requests still open, drafts included (they wait for the doctor).
  COUNTY_DOCTOR: ["DRAFT", ...OPEN],
  // Assigned to the specialist or waiting in their specialty's queue, until the opinion is signed.
  SPECIALIST: OPEN,
};

const dayKey = z
  .string()
  .trim()
  .refine((value) => parseDateKey(value) !== null, { message: "date" });

export const worklistQuerySchema = z
  .object({
    status: z.enum(ALL_STATUSES as [ConsultationStatus, ...ConsultationStatus[]]).optional(),
    urgency: z.enum(URGENCIES).optional(),
    specialty: z.enum(SPECIALTIES).optional(),
    /** First and last day (Beijing time, YYYY-MM-DD) of the session, or of the request when not scheduled. */
    from: dayKey.optional(),
    to: dayKey.optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ["to"], message: "range" });

export type WorklistQuery = z.infer<typeof worklistQuerySchema>;
export const WORKLIST_PARAMS = ["status", "urgency", "specialty", "from", "to", "page"] as const;
export type WorklistParam = (typeof WORKLIST_PARAMS)[number];

/**
 * The query from the address bar: empty values dropped, unknown parameters ignored. A bad value
 * answers which parameters were bad, and the query without them (so the page still shows a list).
 */
export function parseWorklistQuery(raw: Record<string, string | string[] | undefined>): { query: WorklistQuery; invalid: WorklistParam[] } {
  const values: Partial<Record<WorklistParam, string>> = {};
  for (const name of WORKLIST_PARAMS) {
    const value = raw[name];
    const text = Array.isArray(value) ? value[0] : value;
    if (text) values[name] = text;
  }
  const parsed = worklistQuerySchema.safeParse(values);
  if (parsed.success) return { query: parsed.data, invalid: [] };
  const invalid = [...new Set(zodDetails(parsed.error).map((detail) => detail.path.split(".")[0] as WorklistParam))].filter((name) => WORKLIST_PARAMS.includes(name));
  for (const name of invalid) delete values[name];
  const retry = worklistQuerySchema.safeParse(values);
  return { query: retry.success ? retry.data : { page: 1 }, invalid };
}

/** Strict form for API callers: a bad value is a 400 naming it. */
export function worklistQueryOrThrow(raw: Record<string, string | undefined>): WorklistQuery {
  const { query, invalid } = parseWorklistQuery(raw);
  if (invalid.length > 0) throw new ValidationError("home.worklist.badFilter", invalid.map((path) => ({ path, message: "invalid" })), { fields: invalid.join(", ") });
  return query;
}

export const WORKLIST_PAGE_SIZE = 10;

const include = {
  resident: { select: { name: true } },
  requester: { select: { displayName: true } },
  requestingInstitution: { select: { name: true, nameEn: true } },
  expert: { select: { displayName: true } },
} as const;

/** The role's worklist: one filter for the count and the page, so both always agree. */
export async function worklist(db: Db, actor: SessionUser, query: WorklistQuery) {
  assertRole(actor, "consultation.list");
  if (!isWorklistRole(actor.role)) throw new ValidationError("home.worklist.noWorklist");
  const where = worklistWhere(await withSpecialty(db, actor), actor.role, query);
  const [items, total] = await Promise.all([
    db.consultation.findMany({
      where,
      // Most urgent first, then the soonest session, then the longest wait.
      orderBy: [{ urgency: "desc" }, { scheduledStart: { sort: "asc", nulls: "last" } }, { submittedAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
      skip: (query.page - 1) * WORKLIST_PAGE_SIZE,
      take: WORKLIST_PAGE_SIZE,
      include,
    }),
    db.consultation.count({ where }),
  ]);
  return { items, total, page: query.page, pageSize: WORKLIST_PAGE_SIZE, statuses: query.status ? [query.status] : WORKLIST_DEFAULT_STATUSES[actor.role] };
}

export type Worklist = Awaited<ReturnType<typeof worklist>>;

function worklistWhere(actor: Actor, role: WorklistRole, query: WorklistQuery): Prisma.ConsultationWhereInput {
  const and: Prisma.ConsultationWhereInput[] = [consultationReadScope(actor)];
  // A county doctor's worklist is their own requests (colleagues' stay in the full list).
  if (role === "COUNTY_DOCTOR") and.push({ requesterId: actor.id });
  and.push({ status: query.status ? query.status : { in: WORKLIST_DEFAULT_STATUSES[role] } });
  if (query.urgency) and.push({ urgency: query.urgency });
  if (query.specialty) and.push({ specialty: query.specialty });
  if (query.from || query.to) {
    const range: Prisma.DateTimeFilter = {};
    if (query.from) range.gte = parseDateKey(query.from)!;
    if (query.to) range.lt = new Date(parseDateKey(query.to)!.getTime() + DAY_MS);
    // The day of the work: the session when booked, else the request (submitted, or drafted).
    and.push({ OR: [{ scheduledStart: range }, { scheduledStart: null, submittedAt: range }, { scheduledStart: null, submittedAt: null, createdAt: range }] });
  }
  return { AND: and };
}

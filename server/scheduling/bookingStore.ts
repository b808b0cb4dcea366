/**
 * Booking's database access on a plain pg pool: one round trip per booking, the PL/pgSQL function
 * book_consultation_fast (prisma/migrations/*_booking_fast_path, *_booking_taken_precheck). Prisma's query layer cost more
 * than the booking itself. Rows come back with pg's own types (timestamptz → Date), mapped to the
 * Prisma field names so callers see the same Consultation object as before.
 */
import pg from "pg";
import { log } from "@/lib/log";
import type { Consultation } from "@/server/db/generated/client";
import type { Role } from "@/server/db/generated/enums";
import type { StoredNotification } from "@/server/notifications/notify";
import type { JobDraft } from "@/server/jobs/queue";
import type { Calendar } from "./availability";

const logger = log.child({ module: "scheduling.booking" });
/** Raised by the function when expectedVersion does not match (after the slot was held, as before). */
export const STALE_VERSION_SQLSTATE = "RB409";

export interface BookCall {
  consultationId: string;
  actor: { id: string; role: Role; displayName: string };
  /** The actor's party for this action from the state machine; null when the role may not act. */
  party: string | null;
  fromStatuses: readonly string[];
  toStatus: string;
  action: string;
  startsAt: Date;
  now: Date;
  expectedVersion: number | undefined;
  requestId: string | undefined;
  appointmentId: string;
  jobs: JobDraft[];
  notifyParams: Record<string, string | number>;
}

export type BookOutcome =
  | { outcome: "not_found" | "no_expert" | "past" }
  | { outcome: "refused"; subject: { status: Consultation["status"]; requesterId: string; expertId: string | null } }
  | { outcome: "not_offered" | "taken"; calendar: Calendar }
  | { outcome: "ok"; before: Consultation; after: Consultation; notifications: StoredNotification[] };

const SQL = `SELECT r.outcome, r.detail, (r.after_row).* FROM book_consultation_fast($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) r`;

interface Holder {
  __rmpBookingPool?: pg.Pool;
}
const holder = globalThis as unknown as Holder;

function pool(): pg.Pool {
  if (!holder.__rmpBookingPool) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const configured = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    // Embedded PGlite is only safe on one connection; each booking is one statement, so it cannot interleave.
    const created = new pg.Pool({ connectionString: url, max: configured <= 1 ? 1 : Math.max(4, configured), connectionTimeoutMillis: 10_000 });
    created.on("error", (error) => logger.warn("booking pool client error", { error: error.message }));
    holder.__rmpBookingPool = created;
  }
  return holder.__rmpBookingPool;
}

export async function closeBookingPool(): Promise<void> {
  const open = holder.__rmpBookingPool;
  holder.__rmpBookingPool = undefined;
  await open?.end();
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, letter: string) => letter.toUpperCase());

function toConsultation(row: Record<string, unknown>): Consultation {
  const entries = Object.entries(row).filter(([column]) => column !== "outcome" && column !== "detail");
  return Object.fromEntries(entries.map(([column, value]) => [camel(column), value])) as unknown as Consultation;
}

const toDate = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));

function toCalendar(detail: Record<string, unknown>): Calendar {
  const raw = detail as {
    templates: Calendar["templates"];
    exceptions: { kind: Calendar["exceptions"][number]["kind"]; startsAt: string; endsAt: string; slotMinutes: number }[];
    busy: { start: string; end: string }[];
  };
  return {
    templates: raw.templates,
    exceptions: raw.exceptions.map((e) => ({ kind: e.kind, startsAt: new Date(e.startsAt), endsAt: new Date(e.endsAt), slotMinutes: e.slotMinutes })),
    busy: raw.busy.map((b) => ({ start: new Date(b.start), end: new Date(b.end) })),
  };
}

export async function callBookConsultation(call: BookCall): Promise<BookOutcome> {
  const { rows } = await pool().query<Record<string, unknown>>({
    name: "book_consultation_fast",
    text: SQL,
    values: [
      call.consultationId,
      call.actor.id,
      call.actor.role,
      call.actor.displayName,
      call.party,
      call.fromStatuses,
      call.toStatus,
      call.action,
      call.startsAt,
      call.now,
      call.expectedVersion ?? null,
      call.requestId ?? null,
      call.appointmentId,
      JSON.stringify(call.jobs),
      JSON.stringify(call.notifyParams),
    ],
  });
  const row = rows[0]!;
  const outcome = row.outcome as BookOutcome["outcome"];
  const detail = row.detail as Record<string, unknown> | null;
  switch (outcome) {
    case "refused":
      return { outcome, subject: detail as Extract<BookOutcome, { outcome: "refused" }>["subject"] };
    case "not_offered":
    case "taken":
      return { outcome, calendar: toCalendar(detail!) };
    case "ok": {
      const after = toConsultation(row);
      const before = detail!.before as Record<string, unknown>;
      const notifications = (detail!.notifications as (StoredNotification & { createdAt: string })[]).map((n) => ({ ...n, createdAt: new Date(n.createdAt) }));
      return {
        outcome,
        after,
        before: {
          ...after,
          status: before.status as Consultation["status"],
          version: before.version as number,
          scheduledStart: toDate(before.scheduledStart),
          scheduledEnd: toDate(before.scheduledEnd),
          updatedAt: new Date(before.updatedAt as string),
        },
        notifications,
      };
    }
    default:
      return { outcome };
  }
}

/**
 * Booking's database access on a plain pg pool: one round trip per booking, the PL/pgSQL function
 * book_consultation_fast (prisma/migrations/*_booking_fast_path, *_booking_taken_precheck, *_reminders_by_sweep). Prisma's query layer cost more
 * than the booking itself. Rows come back with pg's own types (timestamptz → Date), mapped to the
 * Prisma field names so callers see the same Consultation object as before.
 */
import pg from "pg";
import { statement } from "@/server/db/connections";
import type { Consultation } from "@/server/db/generated/client";
import type { Role } from "@/server/db/generated/enums";
import type { StoredNotification } from "@/server/notifications/notify";
import type { Calendar } from "./availability";

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
  notifyParams: Record<string, string | number>;
}

export type BookOutcome =
  | { outcome: "not_found" | "no_expert" | "past" }
  | { outcome: "refused"; subject: { status: Consultation["status"]; requesterId: string; expertId: string | null } }
  | { outcome: "not_offered" | "taken"; calendar: Calendar }
  | { outcome: "ok"; before: Consultation; after: Consultation; notifications: StoredNotification[] };

const SQL = `SELECT r.outcome, r.detail, (r.after_row).* FROM book_consultation_fast($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) r`;

/** Booking's one round trip; rescheduling and the rest of the workflow go through Prisma. */
export interface BookingStore {
  book(call: BookCall): Promise<BookOutcome>;
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

export class PgBookingStore implements BookingStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly namedStatements: boolean,
  ) {}

  async book(call: BookCall): Promise<BookOutcome> {
    const { rows } = await this.pool.query<Record<string, unknown>>(statement(this.namedStatements, "book_consultation_fast", SQL, bookValues(call)));
    return toOutcome(rows[0]!);
  }
}

function bookValues(call: BookCall): unknown[] {
  return [
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
    JSON.stringify(call.notifyParams),
  ];
}

function toOutcome(row: Record<string, unknown>): BookOutcome {
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

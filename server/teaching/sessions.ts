/**
 * What people see of teaching sessions: the list (scoped as the policy's teaching.read rules say,
 * teachingListScope) and one session's page, with what the reader may do there.
 */
import { isAllowed, type Actor } from "@/server/access/policy";
import { teachingListScope } from "@/server/access/relations";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { Role, TeachingRegistrationSource, VideoRoomStatus } from "@/server/db/generated/enums";
import { authorizeTeaching } from "./access";

/** Where a session stands for people: cancelled, or as its room says (live, ended), or past its end. */
export type TeachingPhase = "SCHEDULED" | "LIVE" | "ENDED" | "CANCELLED";

export function phaseOf(session: { status: string; endsAt: Date }, roomStatus: VideoRoomStatus, now = new Date()): TeachingPhase {
  if (session.status === "CANCELLED") return "CANCELLED";
  if (roomStatus === "LIVE") return "LIVE";
  if (roomStatus === "ENDED" || session.endsAt.getTime() <= now.getTime()) return "ENDED";
  return "SCHEDULED";
}

export interface SessionSummary {
  id: string;
  title: string;
  procedure: string;
  startsAt: Date;
  endsAt: Date;
  phase: TeachingPhase;
  surgeonName: string;
  operatingRoomName: string;
  hostInstitutionName: string;
  registrations: number;
  registeredMe: boolean;
}

const LIST_LIMIT = 200;

/** Upcoming (not yet ended) first in start order, or the past ones newest first. */
export async function listSessions(db: Db, actor: Actor, when: "upcoming" | "past" = "upcoming", now = new Date()): Promise<SessionSummary[]> {
  const rows = await db.teachingSession.findMany({
    where: { AND: [teachingListScope(actor), when === "upcoming" ? { endsAt: { gt: now } } : { endsAt: { lte: now } }] },
    orderBy: { startsAt: when === "upcoming" ? "asc" : "desc" },
    take: LIST_LIMIT,
    select: {
      id: true,
      title: true,
      procedure: true,
      startsAt: true,
      endsAt: true,
      status: true,
      surgeon: { select: { displayName: true } },
      operatingRoom: { select: { name: true, institution: { select: { name: true } } } },
      videoRoom: { select: { status: true } },
      registrations: { where: { cancelledAt: null, traineeId: actor.id }, select: { traineeId: true } },
      _count: { select: { registrations: { where: { cancelledAt: null } } } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    procedure: row.procedure,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    phase: phaseOf(row, row.videoRoom.status, now),
    surgeonName: row.surgeon.displayName,
    operatingRoomName: row.operatingRoom.name,
    hostInstitutionName: row.operatingRoom.institution.name,
    registrations: row._count.registrations,
    registeredMe: row.registrations.length > 0,
  }));
}

export interface SessionView {
  id: string;
  version: number;
  title: string;
  procedure: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  phase: TeachingPhase;
  cancelReason: string | null;
  videoRoomId: string;
  surgeon: { id: string; displayName: string; title: string | null; institutionName: string | null };
  moderators: { id: string; displayName: string }[];
  operatingRoom: { id: string; name: string; institutionName: string };
  cameraKit: { id: string; name: string };
  invited: { id: string; name: string }[];
  registrationCount: number;
  /** What the reader may do, from the policy with this session's relations. */
  can: { register: boolean; watch: boolean; schedule: boolean; attendance: boolean; moderate: boolean; present: boolean };
  registeredMe: boolean;
  /** An invited institution's admin: their clinicians and whether each is registered. */
  ownClinicians: { id: string; displayName: string; role: Role; registered: boolean }[] | null;
  /** The centre, presenter and moderators: everyone registered. */
  registrations: { traineeId: string; displayName: string; institutionName: string; source: TeachingRegistrationSource; registeredAt: Date }[] | null;
}

export async function getSessionView(db: Db, actor: SessionUser, sessionId: string, now = new Date()): Promise<SessionView> {
  const relations = await authorizeTeaching(db, actor, sessionId, "teaching.read");
  const row = await db.teachingSession.findUniqueOrThrow({
    where: { id: sessionId },
    include: {
      surgeon: { select: { id: true, displayName: true, title: true, institution: { select: { name: true } } } },
      moderators: { select: { user: { select: { id: true, displayName: true } } } },
      operatingRoom: { select: { id: true, name: true, institution: { select: { name: true } } } },
      cameraKit: { select: { id: true, name: true } },
      invitations: { select: { institution: { select: { id: true, name: true } } } },
      videoRoom: { select: { status: true } },
    },
  });
  const may = (action: "teaching.register" | "teaching.watch" | "teaching.schedule" | "teaching.attendance" | "teaching.moderate" | "teaching.present") => isAllowed(actor, action, relations);
  const can = {
    register: may("teaching.register"),
    watch: may("teaching.watch"),
    schedule: may("teaching.schedule"),
    attendance: may("teaching.attendance"),
    moderate: may("teaching.moderate"),
    present: may("teaching.present"),
  };
  const seesRegistrations = can.schedule || can.moderate || can.present;
  const [registrations, ownClinicians] = await Promise.all([
    seesRegistrations
      ? db.teachingRegistration.findMany({
          where: { sessionId, cancelledAt: null },
          select: { traineeId: true, source: true, registeredAt: true, trainee: { select: { displayName: true } }, institution: { select: { name: true } } },
          orderBy: [{ institutionId: "asc" }, { registeredAt: "asc" }],
        })
      : null,
    actor.role === "INSTITUTION_ADMIN" && can.register && actor.institutionId
      ? db.user.findMany({ where: { institutionId: actor.institutionId, disabled: false, role: { in: ["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR"] } }, select: { id: true, displayName: true, role: true }, orderBy: { displayName: "asc" }, take: 1000 })
      : null,
  ]);
  const registered = new Set(relations.registeredTraineeIds ?? []);
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    procedure: row.procedure,
    description: row.description,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    phase: phaseOf(row, row.videoRoom.status, now),
    cancelReason: row.cancelReason,
    videoRoomId: row.videoRoomId,
    surgeon: { id: row.surgeon.id, displayName: row.surgeon.displayName, title: row.surgeon.title, institutionName: row.surgeon.institution?.name ?? null },
    moderators: row.moderators.map((m) => m.user),
    operatingRoom: { id: row.operatingRoom.id, name: row.operatingRoom.name, institutionName: row.operatingRoom.institution.name },
    cameraKit: row.cameraKit,
    invited: row.invitations.map((i) => i.institution),
    registrationCount: registered.size,
    can,
    registeredMe: registered.has(actor.id),
    ownClinicians: ownClinicians?.map((user) => ({ ...user, registered: registered.has(user.id) })) ?? null,
    registrations:
      registrations?.map((r) => ({ traineeId: r.traineeId, displayName: r.trainee.displayName, institutionName: r.institution.name, source: r.source, registeredAt: r.registeredAt })) ?? null,
  };
}

/**
 * Attendance (签到与观看时长) per site and per trainee: every join and leave of the session's video
 * room (video_attendance, written by the signalling layer), with each registered trainee listed
 * whether they came or not. An invited institution's admin sees their own site only. CSV for export.
 */
import { stringify } from "csv-stringify/sync";
import { spreadsheetText } from "@/lib/csv";
import { translate, type Locale } from "@/lib/i18n";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { minutesToClock, MINUTE_MS, shanghaiDateKey, toShanghai } from "@/server/scheduling/time";
import { authorizeTeaching } from "./access";

export type AttendeeRole = "PRESENTER" | "MODERATOR" | "TRAINEE";

export interface AttendanceRow {
  userId: string;
  displayName: string;
  role: AttendeeRole;
  registered: boolean;
  joins: { joinedAt: Date; leftAt: Date | null; leftReason: string | null }[];
  /** Minutes in the room, open joins counted up to now. */
  minutes: number;
}

export interface AttendanceSite {
  institutionId: string | null;
  institutionName: string;
  registered: number;
  attended: number;
  people: AttendanceRow[];
}

export interface AttendanceView {
  sessionId: string;
  title: string;
  sites: AttendanceSite[];
}

export async function sessionAttendance(db: Db, actor: SessionUser, sessionId: string, requestId?: string, now = new Date()): Promise<AttendanceView> {
  await authorizeTeaching(db, actor, sessionId, "teaching.attendance");
  const session = await db.teachingSession.findUniqueOrThrow({
    where: { id: sessionId },
    select: {
      title: true,
      videoRoomId: true,
      surgeonId: true,
      moderators: { select: { userId: true } },
      registrations: { where: { cancelledAt: null }, select: { traineeId: true, institutionId: true } },
    },
  });
  const joins = await db.videoAttendance.findMany({
    where: { session: { roomId: session.videoRoomId } },
    select: { userId: true, joinedAt: true, leftAt: true, leftReason: true },
    orderBy: { joinedAt: "asc" },
  });
  const registeredSite = new Map(session.registrations.map((r) => [r.traineeId, r.institutionId]));
  const userIds = [...new Set([...registeredSite.keys(), ...joins.map((j) => j.userId)])];
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true, institutionId: true, institution: { select: { name: true } } } });
  const institutionIds = [...new Set(session.registrations.map((r) => r.institutionId))];
  const institutions = await db.institution.findMany({ where: { id: { in: institutionIds } }, select: { id: true, name: true } });
  const nameOf = new Map<string, string>([...users.flatMap((u) => (u.institutionId && u.institution ? [[u.institutionId, u.institution.name] as const] : [])), ...institutions.map((i) => [i.id, i.name] as const)]);
  const moderators = new Set(session.moderators.map((m) => m.userId));
  const sites = new Map<string, AttendanceSite>();
  for (const user of users) {
    // The site is where the trainee registered from; the hosts' is their own hospital.
    const institutionId = registeredSite.get(user.id) ?? user.institutionId;
    if (actor.role === "INSTITUTION_ADMIN" && institutionId !== actor.institutionId) continue;
    const key = institutionId ?? "";
    const site = sites.get(key) ?? { institutionId, institutionName: (institutionId && nameOf.get(institutionId)) || "—", registered: 0, attended: 0, people: [] };
    sites.set(key, site);
    const own = joins.filter((j) => j.userId === user.id).map(({ joinedAt, leftAt, leftReason }) => ({ joinedAt, leftAt, leftReason }));
    const minutes = Math.round(own.reduce((sum, j) => sum + ((j.leftAt ?? now).getTime() - j.joinedAt.getTime()), 0) / MINUTE_MS);
    const role: AttendeeRole = user.id === session.surgeonId ? "PRESENTER" : moderators.has(user.id) ? "MODERATOR" : "TRAINEE";
    const registered = registeredSite.has(user.id);
    site.people.push({ userId: user.id, displayName: user.displayName, role, registered, joins: own, minutes });
    if (registered) site.registered += 1;
    if (registered && own.length > 0) site.attended += 1;
  }
  for (const site of sites.values()) site.people.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.displayName.localeCompare(b.displayName, "zh-CN"));
  await audit(db, { actorId: actor.id, actorRole: actor.role, action: "teaching.attendance.read", targetType: "teaching_session", targetId: sessionId, requestId });
  return { sessionId, title: session.title, sites: [...sites.values()].sort((a, b) => a.institutionName.localeCompare(b.institutionName, "zh-CN")) };
}

const ROLE_ORDER: AttendeeRole[] = ["PRESENTER", "MODERATOR", "TRAINEE"];

const clock = (date: Date | null) => (date ? `${shanghaiDateKey(date)} ${minutesToClock(toShanghai(date).minuteOfDay)}` : "");

/** One line per join (a trainee who never came: one line without times), in the reader's language, times in Shanghai. */
export function attendanceCsv(view: AttendanceView, locale: Locale): string {
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const header = [t("teaching.ui.csv.site"), t("teaching.ui.csv.person"), t("teaching.ui.csv.role"), t("teaching.ui.csv.registered"), t("teaching.ui.csv.joined"), t("teaching.ui.csv.left"), t("teaching.ui.csv.minutes")];
  const lines: string[][] = [];
  for (const site of view.sites) {
    for (const person of site.people) {
      const role = translate(locale, `teaching.ui.role.${person.role}`);
      const registered = person.registered ? t("teaching.ui.csv.yes") : t("teaching.ui.csv.no");
      if (person.joins.length === 0) lines.push([site.institutionName, person.displayName, role, registered, "", "", "0"]);
      for (const join of person.joins) {
        const minutes = join.leftAt ? Math.round((join.leftAt.getTime() - join.joinedAt.getTime()) / MINUTE_MS) : "";
        lines.push([site.institutionName, person.displayName, role, registered, clock(join.joinedAt), clock(join.leftAt), String(minutes)]);
      }
    }
  }
  // A byte-order mark so spreadsheet programs read the Chinese text as UTF-8.
  return "\uFEFF" + stringify([header, ...lines.map((line) => line.map(spreadsheetText))]);
}

/** Test data for the consultation domain: unique users, institution and resident per call. */
import { randomBytes } from "node:crypto";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import type { UserRole } from "@/server/access/policy";
import { unique } from "@/test/db";

export interface World {
  institutionId: string;
  provincialId: string;
  doctor: SessionUser;
  expert: SessionUser;
  coordinator: SessionUser;
  patient: SessionUser;
  residentId: string;
}

export async function makeUser(db: Db, role: UserRole, institutionId: string | null, departmentId: string | null = null): Promise<SessionUser> {
  const username = unique(role.toLowerCase());
  const user = await db.user.create({ data: { username, passwordHash: "x", displayName: username, role, institutionId, departmentId } });
  return { id: user.id, username, displayName: username, role, institutionId };
}

export async function makeWorld(db: Db, specialty = "CARD"): Promise<World> {
  const county = await db.institution.create({ data: { code: unique("C").slice(0, 32), name: "县医院", level: "COUNTY", regionCode: "441424" } });
  const provincial = await db.institution.create({ data: { code: unique("P").slice(0, 32), name: "省医院", level: "PROVINCIAL", regionCode: "440100" } });
  const department = await db.department.create({ data: { institutionId: provincial.id, code: specialty, name: specialty } });
  const patient = await makeUser(db, "PATIENT", null);
  const resident = await db.resident.create({ data: { masterIndexId: randomBytes(32).toString("hex"), name: "测试患者", userId: patient.id } });
  return {
    institutionId: county.id,
    provincialId: provincial.id,
    doctor: await makeUser(db, "COUNTY_DOCTOR", county.id),
    expert: await makeUser(db, "SPECIALIST", provincial.id, department.id),
    coordinator: await makeUser(db, "COORDINATOR", provincial.id),
    patient,
    residentId: resident.id,
  };
}

/** A consultation row written directly (no workflow): the world's doctor asks about its resident. */
export function makeConsultation(db: Db, world: World, data: Partial<Prisma.ConsultationUncheckedCreateInput> = {}) {
  return db.consultation.create({
    data: {
      number: unique("T").slice(0, 24),
      type: "REMOTE_CONSULTATION",
      specialty: "CARD",
      residentId: world.residentId,
      requesterId: world.doctor.id,
      requestingInstitutionId: world.institutionId,
      ...data,
    },
  });
}

export const REQUEST = {
  type: "REMOTE_CONSULTATION" as const,
  specialty: "CARD" as const,
  urgency: "URGENT" as const,
  clinicalSummary: "男，62 岁，胸闷气短两周，心电图 ST 段改变。",
  question: "是否需要冠脉造影？",
  preferredTimes: "",
};

/** Opening for the expert covering the next `hours` hours (an EXTRA exception, aligned to the hour). */
export async function openExpertCalendar(db: Db, expertId: string, hours = 48, slotMinutes = 30): Promise<Date> {
  const start = new Date(Math.ceil((Date.now() + 60 * 60_000) / 3_600_000) * 3_600_000);
  await db.availabilityException.create({ data: { expertId, kind: "EXTRA", startsAt: start, endsAt: new Date(start.getTime() + hours * 3_600_000), slotMinutes } });
  return start;
}

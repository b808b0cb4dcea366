/** The patient's upcoming consultations for the home page: scheduled or in session, soonest first. */
import { assertRole } from "@/server/access/policy";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";

export interface UpcomingConsultation {
  id: string;
  number: string;
  status: "SCHEDULED" | "IN_SESSION";
  specialty: string;
  scheduledStart: Date | null;
  expert: { name: string; institution: { name: string; nameEn: string | null } | null } | null;
}

export async function listUpcomingConsultations(db: Db, patient: SessionUser, limit = 10): Promise<UpcomingConsultation[]> {
  assertRole(patient, "consultation.own");
  const resident = await db.resident.findUnique({ where: { userId: patient.id }, select: { id: true } });
  if (!resident) return [];
  const rows = await db.consultation.findMany({
    where: { residentId: resident.id, status: { in: ["SCHEDULED", "IN_SESSION"] } },
    orderBy: [{ scheduledStart: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      number: true,
      status: true,
      specialty: true,
      scheduledStart: true,
      expert: { select: { displayName: true, institution: { select: { name: true, nameEn: true } } } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    status: row.status as UpcomingConsultation["status"],
    specialty: row.specialty,
    scheduledStart: row.scheduledStart,
    expert: row.expert ? { name: row.expert.displayName, institution: row.expert.institution } : null,
  }));
}

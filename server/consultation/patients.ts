/** The patient picker of the request form: delegates to the master patient index lookup. */
import { z } from "zod";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import { findResidents } from "@/server/healthcard/lookup";

export const patientSearchSchema = z.object({ q: z.string().trim().min(2).max(200) });

export async function searchPatients(db: Db, actor: SessionUser, query: z.infer<typeof patientSearchSchema>) {
  const found = await findResidents(db, actor, { text: query.q, limit: 10 });
  return found.map((resident) => ({
    id: resident.id,
    name: resident.name,
    sex: resident.sex,
    birthDate: resident.birthDate,
    docNumberMasked: resident.docNumberMasked,
    cardStatus: resident.cardStatus,
  }));
}

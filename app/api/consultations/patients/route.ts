import { apiRoute } from "@/app/_lib/api";
import { parseQuery } from "@/server/consultation/api";
import { patientSearchSchema, searchPatients } from "@/server/consultation/patients";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ access: "consultation.create" }, async ({ user, request }) => searchPatients(getDb(), user, parseQuery(patientSearchSchema, request.url)));

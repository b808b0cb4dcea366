import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { myConsultation } from "@/server/record/readConsultation";

/** The resident's own consultation with its signed opinion and advice (consultation.own). */
export const GET = apiRoute({ access: "consultation.own" }, async ({ user, params }) => plain(await myConsultation(getDb(), user, pathId(params, "id", MISSING.consultation))));

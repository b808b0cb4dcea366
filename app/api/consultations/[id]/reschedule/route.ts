import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { bookSchema, rescheduleConsultation } from "@/server/scheduling/booking";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "consultation.reschedule", body: bookSchema }, async ({ user, params, body, requestId }) =>
  plain((await rescheduleConsultation(getDb(), user, pathId(params, "id", MISSING.consultation), body, requestId)).after),
);

import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { bookSchema, rescheduleConsultation } from "@/server/scheduling/booking";

export const POST = apiRoute({ roles: ["COORDINATOR", "SPECIALIST", "COUNTY_DOCTOR"], body: bookSchema }, async ({ user, params, body, requestId }) =>
  plain((await rescheduleConsultation(getDb(), user, idParam(params), body, requestId)).after),
);

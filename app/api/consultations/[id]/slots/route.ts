import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { getConsultation } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";
import { findFreeSlots } from "@/server/scheduling/availability";

/** Free slots of the assigned expert that the requesting doctor also has free. */
export const GET = apiRoute({ roles: ["COORDINATOR", "SPECIALIST", "COUNTY_DOCTOR"] }, async ({ user, params }) => {
  const consultation = await getConsultation(getDb(), user, idParam(params));
  if (!consultation.expertId) return [];
  return plain(await findFreeSlots(getDb(), consultation.expertId, { attendeeIds: [consultation.requesterId], limit: 30 }));
});

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { getConsultation } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";
import { findFreeSlots } from "@/server/scheduling/availability";
import { MISSING } from "@/server/notFound";

/** Free slots of the assigned expert that the requesting doctor also has free. */
export const GET = apiRoute({ access: "consultation.slots" }, async ({ user, params }) => {
  const consultation = await getConsultation(getDb(), user, pathId(params, "id", MISSING.consultation), "consultation.slots");
  if (!consultation.expertId) return [];
  return plain(await findFreeSlots(getDb(), consultation.expertId, { attendeeIds: [consultation.requesterId], limit: 30 }));
});

import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
import { parseQuery, plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { findFreeSlots, resolveExpert } from "@/server/scheduling/availability";

const query = z.object({ expertId: z.uuid().optional(), days: z.coerce.number().int().min(1).max(60).default(14) });

export const GET = apiRoute({ access: "calendar.slots" }, async ({ user, request }) => {
  const { expertId, days } = parseQuery(query, request.url);
  return plain(await findFreeSlots(getDb(), await resolveExpert(getDb(), user, expertId, "calendar.slots"), { days, limit: 200 }));
});

import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
import { parseQuery, plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { listAvailability, replaceTemplates, resolveExpert, templatesSchema } from "@/server/scheduling/availability";

const query = z.object({ expertId: z.uuid().optional() });

export const GET = apiRoute({ access: "calendar.manage" }, async ({ user, request }) => {
  const expertId = await resolveExpert(getDb(), user, parseQuery(query, request.url).expertId);
  return plain(await listAvailability(getDb(), expertId));
});

export const PUT = apiRoute({ access: "calendar.manage", body: templatesSchema }, async ({ user, body }) => plain(await replaceTemplates(getDb(), user, body)));

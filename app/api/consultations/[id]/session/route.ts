import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { endConsultationSession, startConsultationSession } from "@/server/consultation/video";
import { getDb } from "@/server/db/client";

const body = z.object({ action: z.enum(["start", "end"]) });

export const POST = apiRoute({ roles: ["COORDINATOR", "SPECIALIST", "COUNTY_DOCTOR"], body }, async ({ user, params, body, requestId }) => {
  const run = body.action === "start" ? startConsultationSession : endConsultationSession;
  return plain((await run(getDb(), user, idParam(params), requestId)).after);
});

import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { endConsultationSession, startConsultationSession } from "@/server/consultation/video";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

const body = z.object({ action: z.enum(["start", "end"]) });

export const POST = apiRoute({ access: "consultation.session", body }, async ({ user, params, body, requestId }) => {
  const run = body.action === "start" ? startConsultationSession : endConsultationSession;
  return plain((await run(getDb(), user, pathId(params, "id", MISSING.consultation), requestId)).after);
});

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { draftUpdateSchema, updateDraft, viewConsultation } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ access: "consultation.read" }, async ({ user, params, requestId }) =>
  plain(await viewConsultation(getDb(), user, pathId(params, "id", MISSING.consultation), requestId)),
);

export const PATCH = apiRoute({ access: "consultation.request", body: draftUpdateSchema }, async ({ user, params, body, requestId }) =>
  plain(await updateDraft(getDb(), user, pathId(params, "id", MISSING.consultation), body, requestId)),
);

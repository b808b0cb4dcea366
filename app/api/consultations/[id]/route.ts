import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { draftUpdateSchema, updateDraft, viewConsultation } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ roles: ["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR"] }, async ({ user, params, requestId }) =>
  plain(await viewConsultation(getDb(), user, idParam(params), requestId)),
);

export const PATCH = apiRoute({ roles: ["COUNTY_DOCTOR"], body: draftUpdateSchema }, async ({ user, params, body, requestId }) =>
  plain(await updateDraft(getDb(), user, idParam(params), body, requestId)),
);

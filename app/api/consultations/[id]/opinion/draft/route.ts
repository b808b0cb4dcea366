import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { opinionDraftOf, opinionDraftSchema, saveOpinionDraft } from "@/server/consultation/opinionDraft";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ access: "consultation.opinion" }, async ({ user, params }) => ({ draft: await opinionDraftOf(getDb(), user, pathId(params, "id", MISSING.consultation)) }));

export const PUT = apiRoute({ access: "consultation.opinion", body: opinionDraftSchema }, async ({ user, params, body }) => saveOpinionDraft(getDb(), user, pathId(params, "id", MISSING.consultation), body));

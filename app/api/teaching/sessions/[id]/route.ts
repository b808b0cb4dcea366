import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { changeSchema, changeSession } from "@/server/teaching/schedule";
import { getSessionView } from "@/server/teaching/sessions";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ access: "teaching.read" }, async ({ user, params }) => getSessionView(getDb(), user, pathId(params, "id", MISSING.teachingSession)));

/** Move it, change its resources, people or invitations (with the version the coordinator saw). */
export const PATCH = apiRoute({ access: "teaching.schedule", body: changeSchema }, async ({ user, params, body, requestId }) =>
  changeSession(getDb(), user, pathId(params, "id", MISSING.teachingSession), body, requestId),
);

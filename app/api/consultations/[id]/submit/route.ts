import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { plain } from "@/server/consultation/api";
import { submitRequest, versionSchema } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "consultation.submit", body: versionSchema }, async ({ user, params, body, requestId }) =>
  plain((await submitRequest(getDb(), user, pathId(params, "id", MISSING.consultation), body.expectedVersion, requestId)).after),
);

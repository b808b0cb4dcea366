import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { deleteOpinionTemplate, getOpinionTemplate, updateOpinionTemplate, updateOpinionTemplateSchema } from "@/server/consultation/opinionTemplates";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const GET = apiRoute({ access: "opinionTemplate.use" }, async ({ user, params }) => getOpinionTemplate(getDb(), user, pathId(params, "id", MISSING.opinionTemplate)));

export const PATCH = apiRoute({ access: "opinionTemplate.manage", body: updateOpinionTemplateSchema }, async ({ user, body, params, requestId, clientAddress }) =>
  updateOpinionTemplate(getDb(), user, pathId(params, "id", MISSING.opinionTemplate), body, { requestId, ip: clientAddress }),
);

export const DELETE = apiRoute({ access: "opinionTemplate.manage" }, async ({ user, params, requestId, clientAddress }) =>
  deleteOpinionTemplate(getDb(), user, pathId(params, "id", MISSING.opinionTemplate), { requestId, ip: clientAddress }),
);

import { apiRoute } from "@/app/_lib/api";
import { createOpinionTemplate, createOpinionTemplateSchema, listOpinionTemplates } from "@/server/consultation/opinionTemplates";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ access: "opinionTemplate.use" }, async ({ user }) => ({ templates: await listOpinionTemplates(getDb(), user) }));

export const POST = apiRoute({ access: "opinionTemplate.manage", body: createOpinionTemplateSchema }, async ({ user, body, requestId, clientAddress }) =>
  createOpinionTemplate(getDb(), user, body, { requestId, ip: clientAddress }),
);

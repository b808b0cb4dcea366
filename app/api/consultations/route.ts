import { apiRoute } from "@/app/_lib/api";
import { parseQuery, plain } from "@/server/consultation/api";
import { createDraft, draftSchema, listConsultations, listQuerySchema } from "@/server/consultation/requests";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ access: "consultation.list" }, async ({ user, request }) =>
  plain(await listConsultations(getDb(), user, parseQuery(listQuerySchema, request.url))),
);

export const POST = apiRoute({ access: "consultation.create", body: draftSchema }, async ({ user, body, requestId }) => plain(await createDraft(getDb(), user, body, requestId)));

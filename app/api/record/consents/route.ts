import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
import { plain, parseQuery } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { grantConsent, grantSchema, listConsents } from "@/server/record/consent";

export const GET = apiRoute({ access: "record.manage" }, async ({ request, user }) =>
  plain(await listConsents(getDb(), user, parseQuery(z.object({ residentId: z.uuid() }), request.url).residentId)),
);

export const POST = apiRoute({ access: "record.manage", body: grantSchema }, async ({ user, body, requestId }) => plain(await grantConsent(getDb(), user, body, requestId)));

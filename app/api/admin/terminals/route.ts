import { z } from "zod";
import { displayText } from "@/lib/validation";
import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { issueTerminal, listTerminals } from "@/server/healthcard/terminals";

export const GET = apiRoute({ access: "institution.administer" }, async ({ user }) => ({ terminals: await listTerminals(getDb(), user) }));

const body = z.object({ code: z.string().max(64), name: displayText(100), sm2PublicKey: z.string().max(140).optional().nullable() });

export const POST = apiRoute({ access: "institution.administer", body }, async ({ user, body }) => issueTerminal(getDb(), user, body));

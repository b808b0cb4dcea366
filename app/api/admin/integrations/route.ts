import { z } from "zod";
import { displayText } from "@/lib/validation";
import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { issueIntegrationCredential, listIntegrationCredentials } from "@/server/record/integration";

export const GET = apiRoute({ access: "integration.administer" }, async ({ user }) => ({ credentials: await listIntegrationCredentials(getDb(), user) }));

const body = z.object({ name: displayText(100).min(1) });

export const POST = apiRoute({ access: "integration.administer", body }, async ({ user, body }) => issueIntegrationCredential(getDb(), user, body));

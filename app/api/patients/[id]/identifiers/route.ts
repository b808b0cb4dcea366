import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { IDENTIFIER_KINDS, linkIdentifier } from "@/server/healthcard/identifiers";
import { MISSING } from "@/server/notFound";

const body = z.object({ kind: z.enum(IDENTIFIER_KINDS), issuer: z.string().max(32).optional().nullable(), value: z.string().max(80) });

export const POST = apiRoute({ access: "resident.update", body }, async ({ user, params, body }) => {
  const id = pathId(params, "id", MISSING.resident);
  return { outcome: await linkIdentifier(getDb(), user, id, body) };
});

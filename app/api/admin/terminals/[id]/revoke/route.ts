import { z } from "zod";
import { NotFoundError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { TERMINAL_ADMIN_ROLES, revokeTerminal } from "@/server/healthcard/terminals";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ roles: TERMINAL_ADMIN_ROLES }, async ({ user, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new NotFoundError(MISSING.terminal);
  return revokeTerminal(getDb(), user, id.data);
});

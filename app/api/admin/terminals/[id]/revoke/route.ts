import { z } from "zod";
import { apiRoute } from "@/lib/next/api";
import { getDb } from "@/server/db/client";
import { HealthCardError } from "@/server/healthcard/errors";
import { TERMINAL_ADMIN_ROLES, revokeTerminal } from "@/server/healthcard/terminals";

export const POST = apiRoute({ roles: TERMINAL_ADMIN_ROLES }, async ({ user, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new HealthCardError("RESIDENT_NOT_FOUND", "healthCard.terminal.notFound");
  return revokeTerminal(getDb(), user, id.data);
});

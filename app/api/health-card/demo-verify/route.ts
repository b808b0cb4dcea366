import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db/client";
import { getHealthCardKeys } from "@/server/healthcard/keyStore";
import { demoVerify } from "@/server/healthcard/residents";

const body = z.object({ name: z.string().max(60), docNumber: z.string().max(40) });

export const POST = apiRoute({ access: "card.own", body }, async ({ user, body }) => {
  await demoVerify(getDb(), user, getHealthCardKeys(), body, getConfig().seedDemoData);
  return { verified: true };
});

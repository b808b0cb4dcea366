import { z } from "zod";
import { displayText } from "@/lib/validation";
import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { getHealthCardKeys } from "@/server/healthcard/keyStore";
import { issuedCardView, registerOnline } from "@/server/healthcard/residents";

const body = z.object({
  docType: z.string().max(2),
  docNumber: z.string().max(40),
  name: displayText(60),
  phone: z.string().max(20).optional().nullable(),
  sex: z.enum(["male", "female"]).optional().nullable(),
  birthDate: z.string().max(10).optional().nullable(),
});

export const POST = apiRoute({ access: "card.own", body }, async ({ user, body }) => issuedCardView(await registerOnline(getDb(), user, getHealthCardKeys(), body)));

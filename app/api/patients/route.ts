import { z } from "zod";
import { displayText } from "@/lib/validation";
import { ValidationError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { getHealthCardKeys } from "@/server/healthcard/keyStore";
import { findResidents } from "@/server/healthcard/lookup";
import { issuedCardView, registerAtWindow } from "@/server/healthcard/residents";

export const GET = apiRoute({ access: "resident.browse" }, async ({ request, user }) => {
  const text = request.nextUrl.searchParams.get("q");
  if (text === null) throw new ValidationError("healthCard.lookup.queryLength", { field: "q" });
  return { results: await findResidents(getDb(), user, { text }) };
});

const body = z.object({
  docType: z.string().max(2),
  docNumber: z.string().max(40),
  name: displayText(60),
  phone: z.string().max(20).optional().nullable(),
  sex: z.enum(["male", "female"]).optional().nullable(),
  birthDate: z.string().max(10).optional().nullable(),
  portalUsername: z.string().max(64).optional().nullable(),
  visitCardNumber: z.string().max(64).optional().nullable(),
});

export const POST = apiRoute({ access: "resident.register", body }, async ({ user, body }) => issuedCardView(await registerAtWindow(getDb(), user, getHealthCardKeys(), body)));

import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { getHealthCardKeys } from "@/server/healthcard/keyStore";
import { getOwnQrCodes } from "@/server/healthcard/patientCard";

export const dynamic = "force-dynamic";
export const GET = apiRoute({ access: "card.own" }, async ({ user }) => getOwnQrCodes(getDb(), user, getHealthCardKeys()));

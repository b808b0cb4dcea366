import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { getOwnCard } from "@/server/healthcard/patientCard";

export const GET = apiRoute({ access: "card.own" }, async ({ user }) => ({ card: await getOwnCard(getDb(), user) }));

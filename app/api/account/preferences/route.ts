import { apiRoute } from "@/app/_lib/api";
import { preferencesOf, preferencesSchema, savePreferences } from "@/server/account/preferences";
import { getDb } from "@/server/db/client";

export const GET = apiRoute({ access: "account.own" }, async ({ user }) => preferencesOf(getDb(), user.id));

export const PUT = apiRoute({ access: "account.own", body: preferencesSchema }, async ({ user, body }) => savePreferences(getDb(), user.id, body));

import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { markRead, markReadSchema } from "@/server/notifications/center";

export const POST = apiRoute({ access: "account.own", body: markReadSchema }, async ({ user, body }) => markRead(getDb(), user.id, body));

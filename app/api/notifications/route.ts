import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
import { parseQuery, plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { listNotifications } from "@/server/notifications/center";

const query = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1), unread: z.enum(["1", "0"]).optional() });

export const GET = apiRoute({ access: "account.own" }, async ({ user, request }) => {
  const { page, unread } = parseQuery(query, request.url);
  return plain(await listNotifications(getDb(), user.id, { page, unreadOnly: unread === "1" }));
});

import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { unreadCount } from "@/server/notifications/center";

/** The top bar catches up here after its socket (re)connects or the tab regains focus. */
export const GET = apiRoute({ access: "account.own" }, async ({ user }) => ({ unread: await unreadCount(getDb(), user.id) }));

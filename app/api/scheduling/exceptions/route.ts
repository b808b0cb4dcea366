import { apiRoute } from "@/app/_lib/api";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { addException, exceptionSchema } from "@/server/scheduling/availability";

export const POST = apiRoute({ access: "calendar.manage", body: exceptionSchema }, async ({ user, body }) => plain(await addException(getDb(), user, body)));

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { acknowledgeAdvice } from "@/server/consultation/advice";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "advice.own" }, async ({ user, params, requestId }) => plain(await acknowledgeAdvice(getDb(), user, pathId(params, "id", MISSING.advice), requestId)));

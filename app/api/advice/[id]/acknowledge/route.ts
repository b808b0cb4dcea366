import { apiRoute } from "@/app/_lib/api";
import { acknowledgeAdvice } from "@/server/consultation/advice";
import { idParam, plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ roles: ["PATIENT"] }, async ({ user, params, requestId }) => plain(await acknowledgeAdvice(getDb(), user, idParam(params, MISSING.advice), requestId)));

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { askQuestion, questionSchema } from "@/server/consultation/advice";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "advice.own", body: questionSchema }, async ({ user, params, body, requestId }) =>
  plain(await askQuestion(getDb(), user, pathId(params, "id", MISSING.advice), body, requestId)),
);

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { answerQuestion, answerSchema } from "@/server/consultation/advice";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";

export const POST = apiRoute({ access: "advice.answer", body: answerSchema }, async ({ user, params, body, requestId }) =>
  plain(await answerQuestion(getDb(), user, pathId(params, "id", MISSING.adviceQuestion), body, requestId)),
);

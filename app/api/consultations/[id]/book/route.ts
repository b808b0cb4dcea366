import { apiRoute } from "@/app/_lib/api";
import { idParam, plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { BOOK_ROLES, bookConsultation, bookSchema } from "@/server/scheduling/booking";

export const POST = apiRoute({ roles: BOOK_ROLES, body: bookSchema }, async ({ user, params, body, requestId }) =>
  plain((await bookConsultation(getDb(), user, idParam(params), body, requestId)).after),
);

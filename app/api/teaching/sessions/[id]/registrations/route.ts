import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { registerSchema, registerTrainees } from "@/server/teaching/registrations";

/** A clinician registers themselves (no body fields); an institution admin names their clinicians. */
export const POST = apiRoute({ access: "teaching.register", body: registerSchema }, async ({ user, params, body, requestId }) =>
  registerTrainees(getDb(), user, pathId(params, "id", MISSING.teachingSession), body, requestId),
);

import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { getHealthCardKeys } from "@/server/healthcard/keyStore";
import { childRegistrationSchema, registerChildOnline } from "@/server/record/family";

/** A parent registers their child online; the child's card is managed by the parent. */
export const POST = apiRoute({ access: "record.mine", body: childRegistrationSchema }, async ({ user, body, requestId }) => registerChildOnline(getDb(), user, getHealthCardKeys(), body, requestId));

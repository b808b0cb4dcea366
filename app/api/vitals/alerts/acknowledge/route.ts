import { apiRoute } from "@/app/_lib/api";
import { getDb } from "@/server/db/client";
import { acknowledgeAlerts, acknowledgeSchema } from "@/server/record/alertsWorklist";

/** Acknowledges flagged readings on the worklist (one, or a resident's shown), with an optional note. */
export const POST = apiRoute({ access: "vitals.acknowledge", body: acknowledgeSchema }, async ({ user, body, clientAddress, requestId }) =>
  acknowledgeAlerts(getDb(), user, body, { ip: clientAddress, requestId }),
);

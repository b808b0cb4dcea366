import { apiRoute } from "@/app/_lib/api";
import { plain } from "@/server/consultation/api";
import { getDb } from "@/server/db/client";
import { emergencySchema, openEmergencyAccess } from "@/server/record/emergency";

export const POST = apiRoute({ access: "record.emergency", body: emergencySchema }, async ({ user, body, requestId }) => plain(await openEmergencyAccess(getDb(), user, body, requestId)));

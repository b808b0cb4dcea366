import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { revokeDevice } from "@/server/record/devices";

/** Revokes a device: its token is refused (401) from the next upload on. */
export const POST = apiRoute({ access: "record.manage" }, async ({ user, params, clientAddress, requestId }) =>
  revokeDevice(getDb(), user, pathId(params, "id", MISSING.device), { ip: clientAddress, requestId }),
);

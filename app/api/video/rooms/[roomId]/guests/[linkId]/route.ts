import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { getPlatform } from "@/server/platform";
import { revokeGuestLink } from "@/server/video/guests";

export const dynamic = "force-dynamic";

/** Takes a guest link back; a guest already in the call is signed out and removed. */
export const DELETE = apiRoute({ access: "room.invite" }, async ({ user, params, requestId, clientAddress }) => ({
  link: await revokeGuestLink(getDb(), getPlatform().sessions, user, pathId(params, "roomId", MISSING.videoRoom), pathId(params, "linkId", MISSING.guestLink), { requestId, ip: clientAddress }),
}));

import { apiRoute } from "@/app/_lib/api";
import { pathId } from "@/lib/validation";
import { getDb } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { getPlatform } from "@/server/platform";
import { inviteGuestSchema, inviteGuest, listGuestLinks } from "@/server/video/guests";

export const dynamic = "force-dynamic";

/** The room's guest links, newest first: its hosts only. */
export const GET = apiRoute({ access: "room.invite" }, async ({ user, params }) => ({ links: await listGuestLinks(getDb(), user, pathId(params, "roomId", MISSING.videoRoom)) }));

/** A one-time link into the room's call (shown once), texted when a number is given and a gateway is configured. */
export const POST = apiRoute({ access: "room.invite", body: inviteGuestSchema }, async ({ user, params, body, requestId, clientAddress }) => {
  const platform = getPlatform();
  const issued = await inviteGuest(getDb(), user, pathId(params, "roomId", MISSING.videoRoom), body, { sms: platform.sms, publicUrl: platform.config.publicUrl }, { requestId, ip: clientAddress });
  return Response.json(issued, { status: 201, headers: { "cache-control": "no-store" } });
});

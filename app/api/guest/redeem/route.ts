import { apiRoute } from "@/app/_lib/api";
import { sessionOfCookies } from "@/app/_lib/session";
import { sessionSetCookie } from "@/server/auth/sessionCookie";
import { getDb } from "@/server/db/client";
import { getPlatform } from "@/server/platform";
import { guestTokenSchema, redeemGuestLink } from "@/server/video/guests";

export const dynamic = "force-dynamic";

/**
 * A guest's phone uses its one-time link (the token is in the URL fragment, posted here): the
 * answer sets the guest's session cookie and names the call's page.
 */
export const POST = apiRoute({ access: { public: "the one-time link's token is the credential: a guest has no account" }, body: guestTokenSchema }, async ({ request, body, requestId, clientAddress }) => {
  const platform = getPlatform();
  const current = await sessionOfCookies(request.headers.get("cookie"));
  const redeemed = await redeemGuestLink(getDb(), platform.sessions, body.token, {
    requestId,
    ip: clientAddress,
    userAgent: request.headers.get("user-agent"),
    current: current.state === "active" ? current.session : null,
  });
  const headers = new Headers({ "cache-control": "no-store" });
  if (redeemed.session) headers.append("set-cookie", await sessionSetCookie(redeemed.session, platform.authSecret, { secure: platform.config.secureTransport }));
  return Response.json({ roomId: redeemed.roomId, path: redeemed.path }, { headers });
});

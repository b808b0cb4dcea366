import { apiRoute } from "@/app/_lib/api";
import { setPasswordSchema, redeemAccountLink } from "@/server/admin/links";
import { getDb } from "@/server/db/client";
import { getPlatform } from "@/server/platform";

/** Sets the password with a one-time link: used once, then refused. */
export const POST = apiRoute({ access: { public: "the one-time link's token is the credential: an invited person has no session yet" }, body: setPasswordSchema }, async ({ body, requestId, clientAddress }) =>
  redeemAccountLink(getDb(), getPlatform().sessions, body, { requestId, ip: clientAddress }),
);

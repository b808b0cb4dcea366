// Normally answered by the raw handler in server/http/fastRoutes.ts before Next sees it; this
// route serves the same domain call when Next runs without the custom server.
import { apiRoute } from "@/app/_lib/api";
import { getHealthCardKeys } from "@/server/healthcard/keyStore";
import { verifyAtTerminal } from "@/server/healthcard/verify";
import { getPlatform } from "@/server/platform";

export const POST = apiRoute({ auth: false }, async ({ request, requestId }) =>
  verifyAtTerminal(getPlatform().verifyStore, getHealthCardKeys(), {
    authorization: request.headers.get("authorization") ?? undefined,
    signature: request.headers.get("x-signature") ?? undefined,
    rawBody: await request.text(),
    ip: request.headers.get("x-forwarded-for"),
    requestId,
  }),
);

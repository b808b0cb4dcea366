import NextAuth from "next-auth";
import { publicRoute } from "@/app/_lib/api";
import { authOptions } from "@/server/auth/nextAuth";
import { withSignInRefusalStatus } from "@/server/auth/signInAnswer";

const handler = publicRoute("sign-in and sign-out themselves: next-auth checks the credentials and the session", (request: Request, context: unknown) =>
  NextAuth(request as never, context as never, authOptions()),
);
// A throttled sign-in answers 429 with Retry-After (next-auth itself says 401).
const post = publicRoute("signing in: next-auth checks the credentials, the limits throttle attempts", async (request: Request, context: unknown) => withSignInRefusalStatus(request, await handler(request, context)));

export { handler as GET, post as POST };

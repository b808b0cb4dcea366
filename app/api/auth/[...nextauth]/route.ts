import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/nextAuth";
import { withSignInRefusalStatus } from "@/server/auth/signInAnswer";

const handler = (request: Request, context: unknown) => NextAuth(request as never, context as never, authOptions());
// A throttled sign-in answers 429 with Retry-After (next-auth itself says 401).
const post = async (request: Request, context: unknown) => withSignInRefusalStatus(request, await handler(request, context));

export { handler as GET, post as POST };

import NextAuth from "next-auth";
import { publicRoute } from "@/app/_lib/api";
import { authOptions } from "@/server/auth/nextAuth";

const handler = publicRoute("sign-in and sign-out themselves: next-auth checks the credentials and the session", (request: Request, context: unknown) =>
  NextAuth(request as never, context as never, authOptions()),
);

export { handler as GET, handler as POST };

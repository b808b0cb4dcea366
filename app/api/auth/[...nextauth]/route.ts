import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/nextAuth";

const handler = (request: Request, context: unknown) => NextAuth(request as never, context as never, authOptions());

export { handler as GET, handler as POST };

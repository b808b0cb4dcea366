/**
 * next-auth configuration: username/password credentials, JWT sessions (8 hours: a clinical
 * shift). The domain `signIn` does the work; a failure is passed to the sign-in page as
 * "CODE" or "CODE:minutes" ("RATE_LIMITED:seconds") in the error string, which the page turns into a message.
 */
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { getPlatform } from "@/server/platform";
import { getDb } from "@/server/db/client";
import type { Role } from "@/server/db/generated/enums";
import { stampedClientAddress } from "@/server/http/boundary";
import { signIn, type SessionUser } from "./signIn";

declare module "next-auth" {
  interface Session {
    user: SessionUser;
  }
  interface User extends SessionUser {}
}

declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    username: string;
    displayName: string;
    role: Role;
    institutionId: string | null;
  }
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export function authOptions(): AuthOptions {
  return {
    secret: getPlatform().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { username: { type: "text" }, password: { type: "password" } },
        async authorize(credentials, request) {
          try {
            const user = await signIn(
              getDb(),
              { username: credentials?.username ?? "", password: credentials?.password ?? "" },
              getPlatform().limits.signIn,
              { ip: stampedClientAddress(request?.headers) },
            );
            return { ...user };
          } catch (error) {
            if (isAppError(error)) {
              // RATE_LIMITED carries seconds (server/limits.ts), the rest minutes where they have any.
              const minutes = error.params.minutes ?? error.params.seconds;
              throw new Error(minutes === undefined ? error.code : `${error.code}:${minutes}`);
            }
            log.error("sign-in failed unexpectedly", { error });
            throw new Error("UNAVAILABLE");
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.username = user.username;
          token.displayName = user.displayName;
          token.role = user.role;
          token.institutionId = user.institutionId;
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          id: token.uid,
          username: token.username,
          displayName: token.displayName,
          role: token.role,
          institutionId: token.institutionId,
        };
        return session;
      },
    },
    events: {
      signOut({ token }) {
        if (token?.uid) {
          import("@/server/audit")
            .then(({ audit }) => audit(getDb(), { actorId: token.uid, actorRole: token.role, action: "auth.signed_out" }))
            .catch((error: unknown) => log.warn("could not audit sign-out", { error }));
        }
      },
    },
  };
}

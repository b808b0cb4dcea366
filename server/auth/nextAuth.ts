/**
 * next-auth configuration: username/password credentials. The domain `signIn` does the work and
 * a server-side session (server/auth/sessions.ts) is created for it; the JWT cookie carries only
 * that session's id, and signing out revokes it. A failure is passed to the sign-in page as
 * "CODE" or "CODE:minutes" ("RATE_LIMITED:seconds") in the error string, which the page turns into a message.
 */
import type { AuthOptions, Session } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { getPlatform } from "@/server/platform";
import { getDb } from "@/server/db/client";
import { audit } from "@/server/audit";
import { stampedClientAddress } from "@/server/http/boundary";
import { signIn, type SessionUser } from "./signIn";

declare module "next-auth" {
  interface Session {
    user: SessionUser;
  }
  interface User extends SessionUser {
    sessionId: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The server-side session (user_session.id): all the cookie says. */
    sid?: string;
  }
}

export function authOptions(): AuthOptions {
  const platform = getPlatform();
  return {
    secret: platform.authSecret,
    // Over https every next-auth cookie is Secure (and __Secure-/__Host- prefixed), decided by
    // PUBLIC_URL rather than by next-auth's own guess from NEXTAUTH_URL.
    useSecureCookies: platform.config.secureTransport,
    // The cookie lives as long as a session may; the session row decides whether it still counts.
    session: { strategy: "jwt", maxAge: platform.config.SESSION_MAX_HOURS * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { username: { type: "text" }, password: { type: "password" } },
        async authorize(credentials, request) {
          try {
            const ip = stampedClientAddress(request?.headers);
            const user = await signIn(
              getDb(),
              { username: credentials?.username ?? "", password: credentials?.password ?? "" },
              platform.limits.signIn,
              { ip },
            );
            const userAgent = request?.headers?.["user-agent"];
            const session = await platform.sessions.create(user.id, { userAgent: typeof userAgent === "string" ? userAgent : null, ip });
            return { ...user, sessionId: session.id };
          } catch (error) {
            platform.metrics.signInFailures.inc({ reason: isAppError(error) ? error.code : "UNAVAILABLE" });
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
      // Only the session id goes into the cookie (next-auth adds iat, exp, jti).
      jwt({ token, user }) {
        return user ? { sid: user.sessionId } : token;
      },
      // /api/auth/session: the person as the session resolves now; an ended session has no user.
      async session({ session, token }) {
        const active = token.sid ? await platform.sessions.resolve(token.sid) : null;
        if (!active) return { expires: session.expires } as Session;
        return { expires: session.expires, user: active.user };
      },
    },
    events: {
      async signOut({ token }) {
        if (!token?.sid) return;
        try {
          const ended = await platform.sessions.revoke(token.sid, "signed_out");
          if (ended) await audit(getDb(), { actorId: ended.userId, actorRole: ended.role, action: "auth.signed_out", targetType: "session", targetId: token.sid });
        } catch (error) {
          log.warn("could not end the session at sign-out", { error });
        }
      },
    },
  };
}

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { assertRole, type Action } from "@/server/access/policy";
import { sessionFromCookieHeader, type CookieSession } from "@/server/auth/sessionCookie";
import type { SessionUser } from "@/server/auth/signIn";
import { getPlatform } from "@/server/platform";

/** The session named by a request's cookies, resolved server-side (server/auth/sessions.ts). */
export function sessionOfCookies(cookieHeader: string | null | undefined): Promise<CookieSession> {
  const platform = getPlatform();
  return sessionFromCookieHeader(cookieHeader, platform.authSecret, platform.sessions);
}

async function currentSession(): Promise<CookieSession> {
  return sessionOfCookies((await headers()).get("cookie"));
}

export async function getSessionUser(): Promise<SessionUser | null> {
  const found = await currentSession();
  return found.state === "active" ? found.session.user : null;
}

/**
 * For pages: the access policy's action the page performs (server/access/policy.ts). Signed-out
 * visitors go to sign-in (with "session expired" when their session ended), a role the action
 * does not admit sees the forbidden page; the domain functions the page calls check the
 * relationship to what it shows.
 */
export async function requirePageUser(action: Action): Promise<SessionUser> {
  const found = await currentSession();
  if (found.state === "ended") redirect("/signin?expired=1");
  try {
    return assertRole(found.state === "active" ? found.session.user : null, action);
  } catch (error) {
    if (isAppError(error) && error.status === 403) redirect("/forbidden");
    redirect("/signin");
  }
}

/** A page anyone may open (sign-in, the landing redirect, the forbidden notice): the declaration says why. */
export function publicPage(reason: string): { readonly public: string } {
  return { public: reason };
}

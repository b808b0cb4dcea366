import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { authorize } from "@/server/auth/authorize";
import { sessionFromCookieHeader, type CookieSession } from "@/server/auth/sessionCookie";
import type { SessionUser } from "@/server/auth/signIn";
import type { Role } from "@/server/db/generated/enums";
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
 * For pages: signed-out visitors go to sign-in (with "session expired" when their session
 * ended), a wrong role sees the forbidden page.
 */
export async function requirePageUser(roles?: readonly Role[]): Promise<SessionUser> {
  const found = await currentSession();
  if (found.state === "ended") redirect("/signin?expired=1");
  try {
    return authorize(found.state === "active" ? found.session.user : null, roles);
  } catch (error) {
    if (isAppError(error) && error.status === 403) redirect("/forbidden");
    redirect("/signin");
  }
}

import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { assertRole, type Action } from "@/server/access/policy";
import { authOptions } from "@/server/auth/nextAuth";
import type { SessionUser } from "@/server/auth/signIn";

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  return session?.user ?? null;
}

/**
 * For pages: the access policy's action the page performs (server/access/policy.ts). Signed-out
 * visitors go to sign-in, a role the action does not admit sees the forbidden page; the domain
 * functions the page calls check the relationship to what it shows.
 */
export async function requirePageUser(action: Action): Promise<SessionUser> {
  const user = await getSessionUser();
  try {
    return assertRole(user, action);
  } catch (error) {
    if (isAppError(error) && error.status === 403) redirect("/forbidden");
    redirect("/signin");
  }
}

/** A page anyone may open (sign-in, the landing redirect, the forbidden notice): the declaration says why. */
export function publicPage(reason: string): { readonly public: string } {
  return { public: reason };
}

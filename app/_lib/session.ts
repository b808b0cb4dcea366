import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { authorize } from "@/server/auth/authorize";
import { authOptions } from "@/server/auth/nextAuth";
import type { SessionUser } from "@/server/auth/signIn";
import type { Role } from "@/server/db/generated/enums";

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  return session?.user ?? null;
}

/** For pages: signed-out visitors go to sign-in, a wrong role sees the forbidden page. */
export async function requirePageUser(roles?: readonly Role[]): Promise<SessionUser> {
  const user = await getSessionUser();
  try {
    return authorize(user, roles);
  } catch (error) {
    if (isAppError(error) && error.status === 403) redirect("/forbidden");
    redirect("/signin");
  }
}

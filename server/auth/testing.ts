/** For tests: a real server-side session (server/auth/sessions.ts) and its cookie, as signing in makes them. */
import { getPlatform } from "@/server/platform";
import { encodeSessionToken } from "./sessionCookie";
import type { SessionService } from "./sessions";

export interface TestSession {
  sessionId: string;
  /** `next-auth.session-token=…` (plus `; locale=…` when asked). */
  cookie: string;
}

export async function signedInSession(
  userId: string,
  options: { secret?: string; sessions?: SessionService; locale?: string; userAgent?: string } = {},
): Promise<TestSession> {
  const platform = getPlatform();
  const sessions = options.sessions ?? platform.sessions;
  const { id } = await sessions.create(userId, { userAgent: options.userAgent ?? "vitest", ip: "127.0.0.1" });
  const token = await encodeSessionToken(id, options.secret ?? platform.authSecret);
  return { sessionId: id, cookie: `next-auth.session-token=${token}${options.locale ? `; locale=${options.locale}` : ""}` };
}

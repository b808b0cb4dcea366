/**
 * The next-auth session cookie read outside next-auth: pages and API routes (app/_lib), the raw
 * fast routes (server/http) and socket.io decode it here, with the same secret next-auth signs it
 * with. The cookie carries only a server-side session's id; the session and the person come from
 * server/auth/sessions.ts. One of server/'s named Next adapters (eslint.config.js): the only module
 * besides nextAuth.ts that touches next-auth.
 */
import { decode, encode } from "next-auth/jwt";
import { stringifySetCookie } from "cookie";
import { readCookie } from "@/lib/cookies";
import { SessionEndedError, type ActiveSession, type SessionService } from "./sessions";
import type { SessionUser } from "./signIn";

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/** What a request's cookies say: no session cookie, a session that has ended, or an active one. */
export type CookieSession = { state: "none" } | { state: "ended" } | { state: "active"; session: ActiveSession };

type SessionResolver = Pick<SessionService, "resolve">;

// Decoding a session cookie derives a key (HKDF) and decrypts a JWE: about a tenth of a fast
// route's work. A token string is immutable, so a valid one's session id is remembered until the
// token expires (at most a minute); invalid tokens are never cached, so garbage cannot fill the map.
const DECODED_TOKENS_MAX = 10_000;
const DECODED_TOKEN_TTL_MS = 60_000;
const decodedTokens = new Map<string, { secret: string; sessionId: string; until: number }>();

async function sessionIdOf(token: string, secret: string): Promise<string | null> {
  const now = Date.now();
  const cached = decodedTokens.get(token);
  if (cached && cached.secret === secret && cached.until > now) return cached.sessionId;
  if (cached) decodedTokens.delete(token);
  try {
    const jwt = await decode({ token, secret });
    // Tokens of before server-side sessions (uid and role in the cookie, no sid) are refused.
    if (typeof jwt?.sid !== "string") return null;
    const expiresAt = typeof jwt.exp === "number" ? jwt.exp * 1000 : now;
    if (expiresAt > now) {
      if (decodedTokens.size >= DECODED_TOKENS_MAX) decodedTokens.delete(decodedTokens.keys().next().value!);
      decodedTokens.set(token, { secret, sessionId: jwt.sid, until: Math.min(expiresAt, now + DECODED_TOKEN_TTL_MS) });
    }
    return jwt.sid;
  } catch {
    return null;
  }
}

/** The session named by the request's cookie header. `touch: false` for checks that are not the person's activity. */
export async function sessionFromCookieHeader(
  cookieHeader: string | null | undefined,
  secret: string,
  sessions: SessionResolver,
  options: { touch?: boolean } = {},
): Promise<CookieSession> {
  const token = SESSION_COOKIES.map((name) => readCookie(cookieHeader ?? undefined, name)).find(Boolean);
  if (!token) return { state: "none" };
  const sessionId = await sessionIdOf(token, secret);
  const session = sessionId ? await sessions.resolve(sessionId, options) : null;
  return session ? { state: "active", session } : { state: "ended" };
}

/** The signed-in person, null without a session cookie; throws SessionEndedError (401 SESSION_EXPIRED) for an ended session. */
export async function userFromCookieHeader(cookieHeader: string | null | undefined, secret: string, sessions: SessionResolver): Promise<SessionUser | null> {
  const found = await sessionFromCookieHeader(cookieHeader, secret, sessions);
  if (found.state === "ended") throw new SessionEndedError();
  return found.state === "active" ? found.session.user : null;
}

/** A session token as next-auth sets it, for tests and benchmarks that sign in without a browser. */
export function encodeSessionToken(sessionId: string, secret: string, maxAgeSeconds?: number): Promise<string> {
  return encode({ token: { sid: sessionId }, secret, maxAge: maxAgeSeconds });
}

/**
 * The Set-Cookie header of a session the platform opened itself rather than through next-auth (a
 * call's guest, server/video/guests.ts): the same cookie next-auth sets (its name, HttpOnly,
 * SameSite=Lax, Secure and __Secure- prefixed over https), living as long as the session.
 */
export async function sessionSetCookie(session: { id: string; expiresAt: Date }, secret: string, options: { secure: boolean }, now = Date.now()): Promise<string> {
  const maxAge = Math.max(1, Math.floor((session.expiresAt.getTime() - now) / 1000));
  const token = await encodeSessionToken(session.id, secret, maxAge);
  const name = options.secure ? SESSION_COOKIES[0]! : SESSION_COOKIES[1]!;
  return stringifySetCookie(name, token, { path: "/", httpOnly: true, sameSite: "lax", secure: options.secure, maxAge });
}

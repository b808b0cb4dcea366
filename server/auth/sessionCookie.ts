/**
 * The next-auth session cookie read outside Next: the raw fast routes (server/http) and socket.io
 * decode it here, with the same secret next-auth signs it with. One of server/'s named Next
 * adapters (eslint.config.js): the only module besides nextAuth.ts that touches next-auth.
 */
import { decode, encode, type JWT } from "next-auth/jwt";
import { readCookie } from "@/lib/cookies";
import type { SessionUser } from "./signIn";

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

// Decoding a session cookie derives a key (HKDF) and decrypts a JWE: about a tenth of a fast
// route's work. A token string is immutable, so a valid one is remembered until it expires
// (at most a minute); invalid tokens are never cached, so garbage cannot fill the map.
const DECODED_SESSIONS_MAX = 10_000;
const DECODED_SESSION_TTL_MS = 60_000;
const decodedSessions = new Map<string, { secret: string; user: SessionUser; until: number }>();

export async function userFromCookieHeader(cookieHeader: string | undefined, secret: string): Promise<SessionUser | null> {
  const token = SESSION_COOKIES.map((name) => readCookie(cookieHeader, name)).find(Boolean);
  if (!token) return null;
  const now = Date.now();
  const cached = decodedSessions.get(token);
  if (cached && cached.secret === secret && cached.until > now) return cached.user;
  if (cached) decodedSessions.delete(token);
  try {
    const jwt = await decode({ token, secret });
    if (!jwt?.uid || !jwt.role) return null;
    const user: SessionUser = { id: jwt.uid, username: jwt.username, displayName: jwt.displayName, role: jwt.role, institutionId: jwt.institutionId };
    const expiresAt = typeof jwt.exp === "number" ? jwt.exp * 1000 : now;
    if (expiresAt > now) {
      if (decodedSessions.size >= DECODED_SESSIONS_MAX) decodedSessions.delete(decodedSessions.keys().next().value!);
      decodedSessions.set(token, { secret, user, until: Math.min(expiresAt, now + DECODED_SESSION_TTL_MS) });
    }
    return user;
  } catch {
    return null;
  }
}

/** A session token as next-auth would set it, for tests and benchmarks that sign in without a browser. */
export function encodeSessionToken(claims: JWT, secret: string): Promise<string> {
  return encode({ token: claims, secret });
}

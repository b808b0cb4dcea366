import { encode, type JWT } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { encodeSessionToken, sessionFromCookieHeader, userFromCookieHeader } from "./sessionCookie";
import { SessionEndedError, type ActiveSession } from "./sessions";

const secret = "test-secret-for-session-cookies-0123456789";
const sessionId = "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f";
const user = { id: "0b7f3c1e-5d1a-4f57-9f36-2a4a1f0e9c11", username: "coordinator", displayName: "协调员", role: "COORDINATOR" as const, institutionId: null };
const active: ActiveSession = { sessionId, user, createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) };

/** The session service's answer, without a database: the one session above, unless ended. */
function fakeSessions(ended = false) {
  return { resolve: vi.fn(async (id: string) => (!ended && id === sessionId ? active : null)) };
}

describe("sessionFromCookieHeader", () => {
  it("reads the session id from the cookie and asks the session service for the person, the token decoded once", async () => {
    const sessions = fakeSessions();
    const header = `locale=zh-CN; next-auth.session-token=${await encodeSessionToken(sessionId, secret)}`;
    expect(await sessionFromCookieHeader(header, secret, sessions)).toEqual({ state: "active", session: active });
    expect(await userFromCookieHeader(header, secret, sessions)).toEqual(user);
    expect(sessions.resolve).toHaveBeenCalledTimes(2);
    expect(sessions.resolve).toHaveBeenCalledWith(sessionId, {});
  });

  it("the cookie carries only the session id: no name, role or institution", async () => {
    const { decode } = await import("next-auth/jwt");
    const claims = await decode({ token: await encodeSessionToken(sessionId, secret), secret });
    expect(Object.keys(claims ?? {}).sort()).toEqual(["exp", "iat", "jti", "sid"]);
  });

  it("an ended session: state ended, and userFromCookieHeader throws SESSION_EXPIRED", async () => {
    const header = `next-auth.session-token=${await encodeSessionToken(sessionId, secret)}`;
    expect(await sessionFromCookieHeader(header, secret, fakeSessions(true))).toEqual({ state: "ended" });
    await expect(userFromCookieHeader(header, secret, fakeSessions(true))).rejects.toBeInstanceOf(SessionEndedError);
    await expect(userFromCookieHeader(header, secret, fakeSessions(true))).rejects.toMatchObject({ status: 401, code: "SESSION_EXPIRED", messageKey: "signIn.sessionExpired" });
  });

  it("refuses a remembered token under another secret", async () => {
    const header = `next-auth.session-token=${await encodeSessionToken(sessionId, secret)}`;
    expect((await sessionFromCookieHeader(header, secret, fakeSessions())).state).toBe("active");
    expect(await sessionFromCookieHeader(header, `${secret}-rotated`, fakeSessions())).toEqual({ state: "ended" });
  });

  it("an expired token, a tampered token and an old role-carrying token are ended sessions; no cookie is none", async () => {
    const sessions = fakeSessions();
    const expired = await encodeSessionToken(sessionId, secret, -60);
    expect(await sessionFromCookieHeader(`next-auth.session-token=${expired}`, secret, sessions)).toEqual({ state: "ended" });
    const valid = await encodeSessionToken(sessionId, secret);
    const tampered = `${valid.slice(0, -4)}${valid.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    expect(await sessionFromCookieHeader(`next-auth.session-token=${tampered}`, secret, sessions)).toEqual({ state: "ended" });
    // A cookie from before server-side sessions: the role in the token, no session id.
    const legacy = await encode({ secret, token: { uid: user.id, role: "PLATFORM_ADMIN" } as Partial<JWT> as JWT });
    expect(await sessionFromCookieHeader(`next-auth.session-token=${legacy}`, secret, sessions)).toEqual({ state: "ended" });
    expect(sessions.resolve).not.toHaveBeenCalled();
    expect(await sessionFromCookieHeader("locale=en", secret, sessions)).toEqual({ state: "none" });
    expect(await userFromCookieHeader(undefined, secret, sessions)).toBeNull();
  });
});

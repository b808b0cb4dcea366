import { encode, type JWT } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { userFromCookieHeader } from "./sessionCookie";

const secret = "test-secret-for-session-cookies-0123456789";
const claims = { uid: "0b7f3c1e-5d1a-4f57-9f36-2a4a1f0e9c11", username: "coordinator", displayName: "协调员", role: "COORDINATOR" as const, institutionId: null };

describe("userFromCookieHeader", () => {
  it("reads the user from a valid session cookie, the same again from memory", async () => {
    const token = await encode({ secret, token: claims });
    const header = `locale=zh-CN; next-auth.session-token=${token}`;
    const first = await userFromCookieHeader(header, secret);
    expect(first).toEqual({ id: claims.uid, username: "coordinator", displayName: "协调员", role: "COORDINATOR", institutionId: null });
    expect(await userFromCookieHeader(header, secret)).toEqual(first);
  });

  it("refuses a remembered token under another secret", async () => {
    const token = await encode({ secret, token: claims });
    expect(await userFromCookieHeader(`next-auth.session-token=${token}`, secret)).not.toBeNull();
    expect(await userFromCookieHeader(`next-auth.session-token=${token}`, `${secret}-rotated`)).toBeNull();
  });

  it("refuses an expired token, a tampered token, a token without a role and no cookie", async () => {
    const expired = await encode({ secret, token: claims, maxAge: -60 });
    expect(await userFromCookieHeader(`next-auth.session-token=${expired}`, secret)).toBeNull();
    const valid = await encode({ secret, token: claims });
    const tampered = `${valid.slice(0, -4)}${valid.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    expect(await userFromCookieHeader(`next-auth.session-token=${tampered}`, secret)).toBeNull();
    // Signed with our secret but not one of our sessions (no role claim).
    const roleless = await encode({ secret, token: { uid: claims.uid } as Partial<JWT> as JWT });
    expect(await userFromCookieHeader(`next-auth.session-token=${roleless}`, secret)).toBeNull();
    expect(await userFromCookieHeader("locale=en", secret)).toBeNull();
    expect(await userFromCookieHeader(undefined, secret)).toBeNull();
  });
});

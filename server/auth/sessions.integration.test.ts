import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { isAppError } from "@/lib/errors";
import { apiRoute } from "@/app/_lib/api";
import { getDb, type Db } from "@/server/db/client";
import type { UserRole } from "@/server/access/policy";
import { getPlatform } from "@/server/platform";
import { testDatabaseKind, unique, useTestDatabase } from "@/test/db";
import { changeUserRole, disableUser, enableUser } from "./accounts";
import { authOptions } from "./nextAuth";
import { hashPassword } from "./password";
import { sessionFromCookieHeader } from "./sessionCookie";
import { SESSION_CACHE_TTL_MS, SessionService, type SessionPolicy } from "./sessions";
import type { SessionUser } from "./signIn";
import { signedInSession } from "./testing";

let db: Db;
let institutionId: string;
let otherInstitutionId: string;

const MINUTE = 60_000;
const policy: SessionPolicy = { idleMs: 30 * MINUTE, maxMs: 12 * 60 * MINUTE, cacheTtlMs: SESSION_CACHE_TTL_MS, touchEveryMs: MINUTE };

/** A session service of its own (as another process would have) on a clock the test moves. */
function serviceWithClock(start = new Date("2026-12-01T08:00:00Z")) {
  let now = start.getTime();
  const sessions = new SessionService(db, policy, { now: () => new Date(now) });
  return { sessions, advance: (ms: number) => (now += ms), at: () => new Date(now) };
}

async function makeUser(role: UserRole = "COUNTY_DOCTOR", institution: string | null = institutionId, password?: string): Promise<SessionUser> {
  const username = unique("sess");
  const user = await db.user.create({
    data: { username, displayName: `用户 ${username}`, role, institutionId: institution, passwordHash: password ? await hashPassword(password, { logN: 10, r: 8, p: 1 }) : "x" },
  });
  return { id: user.id, username, displayName: user.displayName, role, institutionId: institution };
}

async function rowOf(id: string) {
  return db.userSession.findUniqueOrThrow({ where: { id } });
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  institutionId = (await db.institution.create({ data: { code: unique("S").slice(0, 32), name: "县医院", level: "COUNTY", regionCode: "441424" } })).id;
  otherInstitutionId = (await db.institution.create({ data: { code: unique("O").slice(0, 32), name: "另一县医院", level: "COUNTY", regionCode: "441422" } })).id;
});

describe(`server-side sessions (${testDatabaseKind()})`, () => {
  it("a new session resolves to the person as the user row says, with where it was created", async () => {
    const user = await makeUser();
    const { sessions, at } = serviceWithClock();
    const { id, expiresAt } = await sessions.create(user.id, { userAgent: "Mozilla/5.0 测试", ip: "10.1.2.3" });
    expect(expiresAt).toEqual(new Date(at().getTime() + policy.maxMs));
    expect(await sessions.resolve(id)).toMatchObject({ sessionId: id, user, createdAt: at(), lastSeenAt: at(), expiresAt });
    expect(await rowOf(id)).toMatchObject({ userId: user.id, userAgent: "Mozilla/5.0 测试", ip: "10.1.2.3", revokedAt: null });
    expect(await sessions.listForUser(user.id)).toEqual([expect.objectContaining({ id, userAgent: "Mozilla/5.0 测试", ip: "10.1.2.3" })]);
    expect(await sessions.resolve("not-a-uuid")).toBeNull();
    expect(await sessions.resolve(crypto.randomUUID())).toBeNull();
  });

  it("revoking ends the session in this process at once, tells the listeners, and reaches another process after the cache TTL", async () => {
    const user = await makeUser();
    const here = serviceWithClock();
    const there = serviceWithClock();
    const { id } = await here.sessions.create(user.id);
    expect(await here.sessions.resolve(id)).not.toBeNull();
    expect(await there.sessions.resolve(id)).not.toBeNull();
    const told = vi.fn();
    here.sessions.onRevoked(told);
    expect(await here.sessions.revoke(id, "signed_out")).toEqual({ userId: user.id, role: "COUNTY_DOCTOR" });
    expect(told).toHaveBeenCalledWith([id]);
    expect(await here.sessions.resolve(id)).toBeNull();
    expect(await rowOf(id)).toMatchObject({ revokedAt: here.at(), revokedReason: "signed_out" });
    // The other process trusts its cache for at most the TTL.
    expect(await there.sessions.resolve(id)).not.toBeNull();
    there.advance(SESSION_CACHE_TTL_MS);
    expect(await there.sessions.resolve(id)).toBeNull();
    // Revoking again changes nothing and answers null.
    expect(await here.sessions.revoke(id, "revoked")).toBeNull();
    expect((await rowOf(id)).revokedReason).toBe("signed_out");
  });

  it("the role and institution come from the user row now: a change is seen on the next request after the cache TTL", async () => {
    const user = await makeUser("COUNTY_DOCTOR");
    const { sessions, advance } = serviceWithClock();
    const { id } = await sessions.create(user.id);
    expect((await sessions.resolve(id))?.user).toMatchObject({ role: "COUNTY_DOCTOR", institutionId });
    await db.user.update({ where: { id: user.id }, data: { role: "SPECIALIST", institutionId: otherInstitutionId, displayName: "改名" } });
    advance(SESSION_CACHE_TTL_MS - 1);
    expect((await sessions.resolve(id))?.user.role).toBe("COUNTY_DOCTOR");
    advance(1);
    expect((await sessions.resolve(id))?.user).toEqual({ id: user.id, username: user.username, displayName: "改名", role: "SPECIALIST", institutionId: otherInstitutionId });
  });

  it("a disabled user's sessions are refused after the cache TTL even when nobody revoked them, and marked so", async () => {
    const user = await makeUser();
    const { sessions, advance } = serviceWithClock();
    const { id } = await sessions.create(user.id);
    expect(await sessions.resolve(id)).not.toBeNull();
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    advance(SESSION_CACHE_TTL_MS);
    expect(await sessions.resolve(id)).toBeNull();
    expect((await rowOf(id)).revokedReason).toBe("user_disabled");
  });

  it("idle timeout: activity keeps the session; last_seen is written at most once a minute; idle for the timeout ends it", async () => {
    const user = await makeUser();
    const { sessions, advance, at } = serviceWithClock();
    const { id } = await sessions.create(user.id);
    const created = at();
    advance(59_000);
    expect(await sessions.resolve(id)).not.toBeNull();
    expect((await rowOf(id)).lastSeenAt).toEqual(created);
    advance(2_000);
    expect(await sessions.resolve(id)).not.toBeNull();
    const touched = at();
    expect((await rowOf(id)).lastSeenAt).toEqual(touched);
    // Many requests within a minute: no further write.
    for (let i = 0; i < 5; i++) {
      advance(5_000);
      expect(await sessions.resolve(id)).not.toBeNull();
    }
    expect((await rowOf(id)).lastSeenAt).toEqual(touched);
    // A check that is not the person's activity does not count.
    advance(29 * MINUTE);
    expect(await sessions.resolve(id, { touch: false })).not.toBeNull();
    expect((await rowOf(id)).lastSeenAt).toEqual(touched);
    advance(touched.getTime() + policy.idleMs - at().getTime());
    expect(await sessions.resolve(id)).toBeNull();
    expect(await rowOf(id)).toMatchObject({ revokedReason: "idle", revokedAt: at() });
    // Ended stays ended.
    expect(await sessions.resolve(id)).toBeNull();
  });

  it("the cache never outlives the idle timeout or the lifetime", async () => {
    const user = await makeUser();
    const short: SessionPolicy = { ...policy, idleMs: 1_000, cacheTtlMs: 10_000 };
    let now = Date.parse("2026-12-01T08:00:00Z");
    const sessions = new SessionService(db, short, { now: () => new Date(now) });
    const { id } = await sessions.create(user.id);
    expect(await sessions.resolve(id)).not.toBeNull();
    now += 1_000;
    expect(await sessions.resolve(id)).toBeNull();
  });

  it("absolute lifetime: however active, the session ends SESSION_MAX_HOURS after it began", async () => {
    const user = await makeUser();
    const { sessions, advance } = serviceWithClock();
    const { id } = await sessions.create(user.id);
    for (let elapsed = 0; elapsed < policy.maxMs - 10 * MINUTE; elapsed += 10 * MINUTE) {
      advance(10 * MINUTE);
      expect(await sessions.resolve(id)).not.toBeNull();
    }
    advance(10 * MINUTE);
    expect(await sessions.resolve(id)).toBeNull();
    expect((await rowOf(id)).revokedReason).toBe("lifetime");
  });

  it("disableUser ends every session of the account at once; enabling again does not bring them back", async () => {
    const admin = await makeUser("INSTITUTION_ADMIN");
    const doctor = await makeUser();
    const { sessions } = serviceWithClock();
    const a = await sessions.create(doctor.id);
    const b = await sessions.create(doctor.id);
    const ownOther = await sessions.create(admin.id);
    expect(await sessions.resolve(a.id)).not.toBeNull();
    const told = vi.fn();
    sessions.onRevoked(told);
    expect(await disableUser(db, sessions, admin, doctor.id)).toEqual({ sessionsEnded: 2 });
    expect(told.mock.calls.flat(2).sort()).toEqual([a.id, b.id].sort());
    expect(await sessions.resolve(a.id)).toBeNull();
    expect(await sessions.resolve(b.id)).toBeNull();
    expect(await sessions.resolve(ownOther.id)).not.toBeNull();
    expect((await rowOf(a.id)).revokedReason).toBe("user_disabled");
    expect(await db.auditLog.count({ where: { action: "auth.user_disabled", targetId: doctor.id, actorId: admin.id } })).toBe(1);
    await enableUser(db, admin, doctor.id);
    expect(await sessions.resolve(a.id)).toBeNull();
    const fresh = await sessions.create(doctor.id);
    expect(await sessions.resolve(fresh.id)).not.toBeNull();
  });

  it("changeUserRole ends every session: the next request is refused and a new sign-in has the new role", async () => {
    const admin = await makeUser("PLATFORM_ADMIN", null);
    const doctor = await makeUser();
    const { sessions } = serviceWithClock();
    const old = await sessions.create(doctor.id);
    expect((await sessions.resolve(old.id))?.user.role).toBe("COUNTY_DOCTOR");
    expect(await changeUserRole(db, sessions, admin, doctor.id, "SPECIALIST")).toEqual({ sessionsEnded: 1 });
    expect(await sessions.resolve(old.id)).toBeNull();
    expect((await rowOf(old.id)).revokedReason).toBe("role_changed");
    const fresh = await sessions.create(doctor.id);
    expect((await sessions.resolve(fresh.id))?.user.role).toBe("SPECIALIST");
    expect(await changeUserRole(db, sessions, admin, doctor.id, "SPECIALIST")).toEqual({ sessionsEnded: 0 });
  });

  it("account changes: an institution admin only within their institution, never on a platform admin or themselves, never granting platform admin", async () => {
    const admin = await makeUser("INSTITUTION_ADMIN");
    const elsewhere = await makeUser("COUNTY_DOCTOR", otherInstitutionId);
    const platformAdmin = await makeUser("PLATFORM_ADMIN", institutionId);
    const doctor = await makeUser();
    const { sessions } = serviceWithClock();
    const forbidden = { status: 403, code: "FORBIDDEN" };
    expect(await refusal(disableUser(db, sessions, admin, elsewhere.id))).toEqual(forbidden);
    expect(await refusal(disableUser(db, sessions, admin, platformAdmin.id))).toEqual(forbidden);
    expect(await refusal(disableUser(db, sessions, admin, admin.id))).toEqual(forbidden);
    expect(await refusal(disableUser(db, sessions, admin, crypto.randomUUID()))).toEqual(forbidden);
    expect(await refusal(changeUserRole(db, sessions, admin, doctor.id, "PLATFORM_ADMIN"))).toEqual(forbidden);
    expect(await refusal(disableUser(db, sessions, doctor, elsewhere.id))).toEqual(forbidden);
    expect((await db.user.findUniqueOrThrow({ where: { id: elsewhere.id } })).disabled).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: doctor.id } })).role).toBe("COUNTY_DOCTOR");
  });
});

describe(`next-auth and apiRoute on server-side sessions (${testDatabaseKind()})`, () => {
  it("signing in creates a session (user agent and address kept); the cookie holds only its id; signing out revokes it and is audited", async () => {
    const user = await makeUser("COUNTY_DOCTOR", institutionId, "right-password");
    const options = authOptions();
    const provider = options.providers[0] as unknown as { options: { authorize(credentials: unknown, request: unknown): Promise<{ sessionId: string } & SessionUser> } };
    const signedIn = await provider.options.authorize(
      { username: user.username, password: "right-password" },
      { headers: { "user-agent": "Chromium 测试", "x-platform-client-address": "192.0.2.7" }, body: {}, query: {}, method: "POST" },
    );
    expect(signedIn).toMatchObject({ id: user.id, role: "COUNTY_DOCTOR" });
    expect(await rowOf(signedIn.sessionId)).toMatchObject({ userId: user.id, userAgent: "Chromium 测试", ip: "192.0.2.7", revokedAt: null });
    const jwt = options.callbacks!.jwt!;
    const token = await jwt({ token: { sub: user.id, name: "x" }, user: signedIn, account: null } as never);
    expect(token).toEqual({ sid: signedIn.sessionId });
    const session = options.callbacks!.session!;
    expect(await session({ session: { expires: "2099-01-01T00:00:00Z" }, token } as never)).toEqual({ expires: "2099-01-01T00:00:00Z", user });

    await options.events!.signOut!({ token } as never);
    expect((await rowOf(signedIn.sessionId)).revokedReason).toBe("signed_out");
    expect(await db.auditLog.count({ where: { action: "auth.signed_out", actorId: user.id, targetId: signedIn.sessionId } })).toBe(1);
    expect(await session({ session: { expires: "2099-01-01T00:00:00Z" }, token } as never)).toEqual({ expires: "2099-01-01T00:00:00Z" });
  });

  const route = apiRoute({ access: "consultation.create" }, async ({ user }) => ({ id: user.id, role: user.role }));
  const call = async (cookie?: string) => {
    const response = await route(new NextRequest("http://127.0.0.1/api/test", { headers: cookie ? { cookie } : {} }), { params: Promise.resolve({}) });
    return { status: response.status, json: (await response.json()) as unknown };
  };

  it("apiRoute: an active session passes; signed out, disabled or role changed answers at once, 401 SESSION_EXPIRED", async () => {
    const doctor = await makeUser();
    const admin = await makeUser("PLATFORM_ADMIN", null);
    const { sessions } = getPlatform();
    const expired = { status: 401, json: { error: { code: "SESSION_EXPIRED", message: "登录已过期，请重新登录。" } } };

    const first = await signedInSession(doctor.id);
    expect(await call(first.cookie)).toEqual({ status: 200, json: { id: doctor.id, role: "COUNTY_DOCTOR" } });
    await sessions.revoke(first.sessionId, "signed_out");
    expect(await call(first.cookie)).toEqual(expired);

    const second = await signedInSession(doctor.id);
    expect((await call(second.cookie)).status).toBe(200);
    await changeUserRole(db, sessions, admin, doctor.id, "SPECIALIST");
    expect(await call(second.cookie)).toEqual(expired);
    // Signed in again, in the new role: this route is not theirs any more.
    const third = await signedInSession(doctor.id);
    expect(await call(third.cookie)).toMatchObject({ status: 403, json: { error: { code: "FORBIDDEN" } } });

    await changeUserRole(db, sessions, admin, doctor.id, "COUNTY_DOCTOR");
    const fourth = await signedInSession(doctor.id);
    expect((await call(fourth.cookie)).status).toBe(200);
    await disableUser(db, sessions, admin, doctor.id);
    expect(await call(fourth.cookie)).toEqual(expired);

    expect(await call()).toMatchObject({ status: 401, json: { error: { code: "UNAUTHENTICATED" } } });
    expect(await sessionFromCookieHeader(fourth.cookie, getPlatform().authSecret, sessions)).toEqual({ state: "ended" });
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { getDb } from "@/server/db/client";
import { unique, useTestDatabase } from "@/test/db";
import { hashPassword } from "./password";
import { signIn, slowdownFor } from "./signIn";

const policy = { maxAttempts: 3, lockMinutes: 15, slowdownBaseMs: 0 };

async function makeUser(options: { disabled?: boolean } = {}) {
  const username = unique("user");
  await getDb().user.create({
    data: {
      username,
      passwordHash: await hashPassword("right-password", { logN: 10, r: 8, p: 1 }),
      displayName: "测试用户",
      role: "COUNTY_DOCTOR",
      disabled: options.disabled ?? false,
    },
  });
  return username;
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, status: error.status, key: error.messageKey, params: error.params };
    throw error;
  }
  throw new Error("expected a failure");
}

describe("sign-in (real PostgreSQL)", () => {
  beforeAll(() => useTestDatabase());

  it("signs in with the right password and records it", async () => {
    const username = await makeUser();
    const user = await signIn(getDb(), { username: username.toUpperCase(), password: "right-password" }, policy);
    expect(user).toMatchObject({ username, role: "COUNTY_DOCTOR" });
    const entries = await getDb().auditLog.findMany({ where: { actorId: user.id, action: "auth.signed_in" } });
    expect(entries).toHaveLength(1);
  });

  it("a wrong password gets 401 INVALID_CREDENTIALS; an unknown user gets the same answer", async () => {
    const username = await makeUser();
    expect(await failure(signIn(getDb(), { username, password: "wrong" }, policy))).toMatchObject({ code: "INVALID_CREDENTIALS", status: 401 });
    expect(await failure(signIn(getDb(), { username: unique("nobody"), password: "wrong" }, policy))).toMatchObject({
      code: "INVALID_CREDENTIALS",
      status: 401,
    });
  });

  it("empty credentials get 400 with the 'enter your username and password' message", async () => {
    expect(await failure(signIn(getDb(), { username: "", password: "" }, policy))).toMatchObject({ status: 400, key: "signIn.required" });
    expect(await failure(signIn(getDb(), "not an object", policy))).toMatchObject({ status: 400 });
  });

  it("locks the account after maxAttempts failures, even for the right password, then unlocks after the lock time", async () => {
    const username = await makeUser();
    for (let i = 0; i < policy.maxAttempts - 1; i++) {
      expect((await failure(signIn(getDb(), { username, password: "wrong" }, policy))).code).toBe("INVALID_CREDENTIALS");
    }
    expect(await failure(signIn(getDb(), { username, password: "wrong" }, policy))).toMatchObject({
      code: "ACCOUNT_LOCKED",
      status: 423,
      params: { minutes: 15 },
    });
    expect((await failure(signIn(getDb(), { username, password: "right-password" }, policy))).code).toBe("ACCOUNT_LOCKED");
    const later = new Date(Date.now() + 16 * 60_000);
    await expect(signIn(getDb(), { username, password: "right-password" }, policy, { now: later })).resolves.toMatchObject({ username });
  });

  it("a success resets the failure count", async () => {
    const username = await makeUser();
    await failure(signIn(getDb(), { username, password: "wrong" }, policy));
    await signIn(getDb(), { username, password: "right-password" }, policy);
    const row = await getDb().user.findUniqueOrThrow({ where: { username } });
    expect(row.failedLoginCount).toBe(0);
    expect(row.lastLoginAt).not.toBeNull();
  });

  it("refuses a disabled account with 403 ACCOUNT_DISABLED", async () => {
    const username = await makeUser({ disabled: true });
    expect(await failure(signIn(getDb(), { username, password: "right-password" }, policy))).toMatchObject({ code: "ACCOUNT_DISABLED", status: 403 });
  });

  it("slows repeated failures progressively, capped", () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => slowdownFor(n, 250))).toEqual([0, 0, 250, 500, 1000, 2000]);
  });

  it("refuses a query whose filter is undefined instead of matching every row", async () => {
    await expect(getDb().user.findMany({ where: { id: undefined } })).rejects.toThrow(/where.id is undefined/);
  });
});

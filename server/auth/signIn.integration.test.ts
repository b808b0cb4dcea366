import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { getDb } from "@/server/db/client";
import { accountSlowdownMs, postgresLimitStore, SignInLimits, type SignInLimitsPolicy } from "@/server/limits";
import { unique, useTestDatabase } from "@/test/db";
import { hashPassword } from "./password";
import { signIn } from "./signIn";

const POLICY: SignInLimitsPolicy = { addressMaxFailures: 8, pairFreeFailures: 3, accountFreeFailures: 6, windowMinutes: 15, accountSlowdownBaseMs: 0 };
let policy: SignInLimits;
let limitsWith: (changes: Partial<SignInLimitsPolicy>) => SignInLimits;

/** An address no other test uses, so each test's counters start at zero. */
const address = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

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

describe("sign-in (real database)", () => {
  beforeAll(async () => {
    const platform = await useTestDatabase();
    const store = postgresLimitStore(platform.database.main, platform.database.namedStatements);
    limitsWith = (changes) => new SignInLimits(store, { ...POLICY, ...changes });
    policy = limitsWith({});
  });

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

  it("failures never lock the account: past the free failures that address waits (429 with the seconds), the owner from another address signs in", async () => {
    const username = await makeUser();
    const attacker = address();
    for (let i = 0; i < POLICY.pairFreeFailures; i++) {
      expect((await failure(signIn(getDb(), { username, password: "wrong" }, policy, { ip: attacker }))).code).toBe("INVALID_CREDENTIALS");
    }
    // The attacker's next try, even with the right password, must wait: nothing is checked.
    const refused = await failure(signIn(getDb(), { username, password: "right-password" }, policy, { ip: attacker }));
    expect(refused).toMatchObject({ code: "RATE_LIMITED", status: 429, key: "auth.rateLimited" });
    expect(refused.params.seconds).toBeGreaterThanOrEqual(1);
    await expect(signIn(getDb(), { username, password: "right-password" }, policy, { ip: address() })).resolves.toMatchObject({ username });
    const row = await getDb().user.findUniqueOrThrow({ where: { username } });
    expect(row.lockedUntil).toBeNull();
    expect(await getDb().auditLog.count({ where: { targetId: row.id, action: "auth.account_locked" } })).toBe(0);
  });

  it("the wait for an account from one address grows: 1 s, then 2 s", async () => {
    const username = await makeUser();
    const ip = address();
    const limits = limitsWith({ pairFreeFailures: 2 });
    for (let i = 0; i < 2; i++) await failure(signIn(getDb(), { username, password: "wrong" }, limits, { ip }));
    expect(await failure(signIn(getDb(), { username, password: "wrong" }, limits, { ip }))).toMatchObject({ code: "RATE_LIMITED", params: { seconds: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await failure(signIn(getDb(), { username, password: "wrong" }, limits, { ip }))).code).toBe("INVALID_CREDENTIALS");
    expect(await failure(signIn(getDb(), { username, password: "wrong" }, limits, { ip }))).toMatchObject({ code: "RATE_LIMITED", params: { seconds: 2 } });
  });

  it("per address: failures on any accounts add up; past the limit the address waits a minute, other addresses do not", async () => {
    const ip = address();
    // Known accounts (their test hashes are quick; an unknown name costs a full-strength hash).
    for (const other of await Promise.all(Array.from({ length: POLICY.addressMaxFailures }, () => makeUser()))) {
      expect((await failure(signIn(getDb(), { username: other, password: "wrong" }, policy, { ip }))).code).toBe("INVALID_CREDENTIALS");
    }
    const username = await makeUser();
    expect(await failure(signIn(getDb(), { username, password: "right-password" }, policy, { ip }))).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect((await failure(signIn(getDb(), { username, password: "right-password" }, policy, { ip }))).params.seconds).toBeGreaterThan(50);
    await expect(signIn(getDb(), { username, password: "right-password" }, policy, { ip: address() })).resolves.toMatchObject({ username });
  });

  it("parallel attempts from one address cannot slip past the address limit before the first failure is written", async () => {
    const ip = address();
    const users = await Promise.all(Array.from({ length: 30 }, () => makeUser()));
    const outcomes = await Promise.all(users.map((username) => failure(signIn(getDb(), { username, password: "wrong" }, policy, { ip })).then((f) => f.code)));
    expect(outcomes.filter((code) => code === "INVALID_CREDENTIALS")).toHaveLength(POLICY.addressMaxFailures);
    expect(outcomes.filter((code) => code === "RATE_LIMITED")).toHaveLength(30 - POLICY.addressMaxFailures);
  });

  it("successes from a shared address give their attempt back: a busy hospital's staff are not counted as failures", async () => {
    const ip = address();
    const username = await makeUser();
    for (let i = 0; i < POLICY.addressMaxFailures + 3; i++) await signIn(getDb(), { username, password: "right-password" }, policy, { ip });
  });

  it("per account from all addresses: slowed past the free failures, never refused; a success clears it", async () => {
    const username = await makeUser();
    const limits = limitsWith({ accountSlowdownBaseMs: 1 });
    for (let i = 0; i < POLICY.accountFreeFailures + 2; i++) {
      expect((await failure(signIn(getDb(), { username, password: "wrong" }, limits, { ip: address() }))).code).toBe("INVALID_CREDENTIALS");
    }
    expect((await limits.begin(username, address())).slowdownMs).toBe(accountSlowdownMs(POLICY.accountFreeFailures + 2, POLICY.accountFreeFailures, 1));
    await expect(signIn(getDb(), { username, password: "right-password" }, limits, { ip: address() })).resolves.toMatchObject({ username });
    expect((await limits.begin(username, address())).slowdownMs).toBe(0);
  });

  it("the account slowdown doubles per failure past the free ones, capped at 3 s", () => {
    expect([0, 5, 6, 7, 8, 30].map((n) => accountSlowdownMs(n, 6, 250))).toEqual([0, 0, 250, 500, 1000, 3000]);
    expect(accountSlowdownMs(30, 6, 0)).toBe(0);
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

  it("refuses a query whose filter is undefined instead of matching every row", async () => {
    await expect(getDb().user.findMany({ where: { id: undefined } })).rejects.toThrow(/where.id is undefined/);
  });
});

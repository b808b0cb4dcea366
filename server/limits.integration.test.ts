/**
 * The limits' store and the terminal verification limits, on both databases (the embedded one has
 * exactly one connection for everything) and on Redis.
 */
import { randomInt } from "node:crypto";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { setHealthCardKeys } from "@/server/healthcard/keyStore";
import { issueTerminal } from "@/server/healthcard/terminals";
import { randomTestKeys } from "@/server/healthcard/testKeys";
import { verifyAtTerminal, type VerifyRequest } from "@/server/healthcard/verify";
import type { Platform } from "@/server/platform";
import { testDatabaseKind, unique, useTestDatabase } from "@/test/db";
import { FailureLimit, FailureTally, postgresLimitStore, staticCodeLimit, redisLimitStore, SignInLimits, type LimitStore, type VerifyLimits } from "./limits";

let platform: Platform;
let store: LimitStore;
const address = () => `172.16.${randomInt(256)}.${randomInt(1, 255)}`;

beforeAll(async () => {
  platform = await useTestDatabase();
  store = postgresLimitStore(platform.database.main, platform.database.namedStatements);
});

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (error: { code?: string; status?: number; params?: Record<string, number> }) => ({ code: error.code, status: error.status, seconds: error.params?.seconds }),
  );
}

describe(`the limits' counters (${testDatabaseKind()})`, () => {
  it("count in the rate_limit table, which every process shares: a second store on the same pool sees the first one's counts", async () => {
    const policy = { addressMaxFailures: 2, pairFreeFailures: 100, accountFreeFailures: 100, windowMinutes: 15, accountSlowdownBaseMs: 0 };
    const ip = address();
    const one = new SignInLimits(store, policy);
    const other = new SignInLimits(postgresLimitStore(platform.database.main, platform.database.namedStatements), policy);
    await (await one.begin(unique("u"), ip)).failed();
    await (await other.begin(unique("u"), ip)).failed();
    expect(await refusal(one.begin(unique("u"), ip))).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect(await refusal(other.begin(unique("u"), ip))).toMatchObject({ code: "RATE_LIMITED" });
    const { rows } = await platform.database.main.query<{ points: number }>("SELECT points FROM rate_limit WHERE key = $1", [`signin-ip-attempts:${ip}`]);
    // The refused attempts wait at the gate and are not counted.
    expect(rows[0]?.points).toBe(2);
  });

  it("stay correct under parallel use of the one pool (on the embedded database, its single connection)", async () => {
    const limit = new FailureLimit(store, unique("parallel"), 1_000);
    const key = address();
    await Promise.all(Array.from({ length: 50 }, () => limit.failed(key)));
    const { rows } = await platform.database.main.query<{ points: number }>("SELECT points FROM rate_limit WHERE key LIKE $1", [`%:${key}`]);
    expect(rows[0]?.points).toBe(50);
  });
});

describe(`terminal verification limits (${testDatabaseKind()})`, () => {
  let token: string;
  let terminalCode: string;
  const keys = randomTestKeys();
  const limits = (): VerifyLimits => ({ perTerminal: new FailureLimit(store, unique("vt"), 5), perAddress: new FailureLimit(store, unique("va"), 10), staticPerTerminal: staticCodeLimit(store, 1_000, unique("vs")), tally: new FailureTally((entry) => tallied.push(entry)) });
  const tallied: { ip: string | null; failures: number; outcomes: Record<string, number> }[] = [];
  const request = (overrides: Partial<VerifyRequest>): VerifyRequest => ({
    authorization: `Bearer ${token}`,
    signature: undefined,
    rawBody: JSON.stringify({ code: "not-a-code", terminalId: terminalCode, step: "registration" }),
    ip: address(),
    requestId: unique("req"),
    ...overrides,
  });

  beforeAll(async () => {
    setHealthCardKeys(keys);
    const code = unique("L").toUpperCase().replace(/_/g, "");
    const institution = await getDb().institution.create({ data: { code, name: "限流测试医院", level: "COUNTY", regionCode: "441424" } });
    const admin = await getDb().user.create({ data: { username: unique("adm"), passwordHash: "x", displayName: "管理员", role: "INSTITUTION_ADMIN", institutionId: institution.id } });
    const issued = await issueTerminal(getDb(), { id: admin.id, username: admin.username, displayName: admin.displayName, role: "INSTITUTION_ADMIN", institutionId: institution.id }, { code: "LIM-01", name: "限流窗口" });
    token = issued.token;
    terminalCode = issued.terminal.code;
  });
  afterAll(() => platform.verifyStore.flush());

  it("a flood of bad tokens from one address: refused after the limit, counted in one audit entry, not a row each", async () => {
    const ip = address();
    const verify = limits();
    const outcomes: (string | undefined)[] = [];
    for (let i = 0; i < 40; i++) outcomes.push((await refusal(verifyAtTerminal(platform.verifyStore, keys, request({ authorization: `Bearer forged-token-${i}`, ip }), new Date(), verify)))?.code);
    expect(outcomes.slice(0, 10).every((code) => code === "TERMINAL_UNAUTHENTICATED")).toBe(true);
    expect(outcomes.slice(10).every((code) => code === "RATE_LIMITED")).toBe(true);
    await platform.verifyStore.flush();
    expect(await getDb().auditLog.count({ where: { action: "ehc.verify", ip } })).toBe(0);
    verify.tally.flush();
    expect(tallied.filter((entry) => entry.ip === ip)).toEqual([{ ip, failures: 40, outcomes: { TERMINAL_UNAUTHENTICATED: 10, RATE_LIMITED: 30 }, windowSeconds: 60 }]);
    // Another address is not affected.
    expect((await refusal(verifyAtTerminal(platform.verifyStore, keys, request({ authorization: "Bearer forged-token-x" }), new Date(), verify)))?.code).toBe("TERMINAL_UNAUTHENTICATED");
  });

  it("the platform's tally writes one audit entry per address and window", async () => {
    const ip = address();
    for (let i = 0; i < 7; i++) await refusal(verifyAtTerminal(platform.verifyStore, keys, request({ authorization: `Bearer forged-${i}-token`, ip }), new Date(), platform.limits.verify));
    platform.limits.verify.tally.flush();
    await platform.verifyStore.flush();
    const entries = await getDb().auditLog.findMany({ where: { action: "ehc.verify", ip } });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.details).toMatchObject({ outcome: "FAILURES_COUNTED", failures: 7, windowSeconds: 60, outcomes: { TERMINAL_UNAUTHENTICATED: 7 } });
  });

  it("a terminal whose codes keep failing is refused after its limit, from every address; its failures are still audited", async () => {
    const verify = limits();
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 8; i++) codes.push((await refusal(verifyAtTerminal(platform.verifyStore, keys, request({}), new Date(), verify)))?.code);
    expect(codes.slice(0, 5).every((code) => code !== "RATE_LIMITED")).toBe(true);
    expect(codes.slice(5)).toEqual(["RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
    const refused = await refusal(verifyAtTerminal(platform.verifyStore, keys, request({}), new Date(), verify));
    expect(refused).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect(refused?.seconds).toBeGreaterThan(0);
  });
});

describe("the same counters on Redis (REDIS_URL)", () => {
  const client = createClient({ url: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379" });
  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    await client.quit();
  });

  it("sign-in: the address waits after its limit; another address does not", async () => {
    const limits = new SignInLimits(redisLimitStore(client), { addressMaxFailures: 3, pairFreeFailures: 100, accountFreeFailures: 100, windowMinutes: 1, accountSlowdownBaseMs: 0 });
    const ip = `${unique("ip")}`;
    for (let i = 0; i < 3; i++) await (await limits.begin(unique("u"), ip)).failed();
    expect(await refusal(limits.begin(unique("u"), ip))).toMatchObject({ code: "RATE_LIMITED" });
    await expect(limits.begin(unique("u"), `${ip}-other`)).resolves.toMatchObject({ slowdownMs: 0 });
  });
});

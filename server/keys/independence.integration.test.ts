/**
 * The session secret, the join-token secret and the signing-key protection are independent:
 * a new AUTH_SECRET signs the experts' opinions with the same keys and accepts the join tokens
 * already issued. Signing keys wrapped by an earlier version under the key it derived from
 * AUTH_SECRET still open, and are rewrapped.
 */
import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";
import { getOrCreateSigningKey, migrateSigningKeys, SigningKeyUnreadableError } from "@/server/consultation/signingKeys";
import { sm4CbcEncrypt } from "@/server/crypto/sm";
import { generateSm2KeyPair } from "@/server/crypto/sm2";
import { getPlatform, publishPlatform, type Platform } from "@/server/platform";
import { createJoinToken, joinTokenSecret, verifyJoinToken } from "@/server/video/tokens";
import { TEST_AUTH_SECRET, unique, useTestDatabase } from "@/test/db";
import { legacySigningKeyProtection } from "./secrets";

let platform: Platform;

beforeAll(async () => {
  platform = await useTestDatabase();
});

afterEach(() => publishPlatform(platform));

async function expert() {
  return platform.db.user.create({ data: { username: unique("expert"), displayName: "专家", role: "SPECIALIST", passwordHash: "not-a-real-hash" } });
}

const signingKeyOf = (userId: string) => getPlatform().db.$transaction((tx) => getOrCreateSigningKey(tx, userId));

/** The same platform after an operator changed AUTH_SECRET and nothing else. */
function withNewAuthSecret(): void {
  publishPlatform({ ...platform, authSecret: `a-new-auth-secret-${randomBytes(16).toString("hex")}` });
}

describe("independent keys", () => {
  it("changing AUTH_SECRET keeps the experts' signing keys and the join tokens already issued", async () => {
    const user = await expert();
    const before = await signingKeyOf(user.id);
    const token = createJoinToken(joinTokenSecret(), { roomId: "room-1", userId: user.id, role: "HOST" });

    withNewAuthSecret();

    expect(await signingKeyOf(user.id)).toEqual(before);
    expect(verifyJoinToken(joinTokenSecret(), token, { roomId: "room-1", userId: user.id })).toMatchObject({ roomId: "room-1", userId: user.id, role: "HOST" });
    // The join-token secret is not the session secret, nor made from it.
    expect(joinTokenSecret()).not.toBe(getPlatform().authSecret);
    expect(() => verifyJoinToken(getPlatform().authSecret, token, { userId: user.id })).toThrow();
  });

  it("opens a signing key wrapped by an earlier version under the key derived from AUTH_SECRET, and rewraps it", async () => {
    const user = await expert();
    const pair = generateSm2KeyPair();
    const iv = randomBytes(16);
    const wrapped = sm4CbcEncrypt(legacySigningKeyProtection(TEST_AUTH_SECRET), iv, Buffer.from(pair.privateKey, "utf8")).toString("hex");
    await platform.db.expertSigningKey.create({ data: { userId: user.id, publicKey: pair.publicKey, iv: iv.toString("hex"), encryptedPrivateKey: wrapped } });

    expect(await signingKeyOf(user.id)).toEqual(pair);
    const row = await platform.db.expertSigningKey.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.encryptedPrivateKey).toMatch(/^v2:/);

    // Rewrapped under SIGNING_KEY_ENCRYPTION_KEY: AUTH_SECRET can change now.
    withNewAuthSecret();
    expect(await signingKeyOf(user.id)).toEqual(pair);
  });

  it("start-up's migration rewraps old signing keys before AUTH_SECRET can change", async () => {
    const user = await expert();
    const pair = generateSm2KeyPair();
    const iv = randomBytes(16);
    const wrapped = sm4CbcEncrypt(legacySigningKeyProtection(TEST_AUTH_SECRET), iv, Buffer.from(pair.privateKey, "utf8")).toString("hex");
    await platform.db.expertSigningKey.create({ data: { userId: user.id, publicKey: pair.publicKey, iv: iv.toString("hex"), encryptedPrivateKey: wrapped } });

    const result = await migrateSigningKeys(platform.db, platform.signingKeyProtection);
    expect(result.rewrapped).toBeGreaterThanOrEqual(1);
    expect((await platform.db.expertSigningKey.findUniqueOrThrow({ where: { userId: user.id } })).encryptedPrivateKey).toMatch(/^v2:/);
    withNewAuthSecret();
    expect(await signingKeyOf(user.id)).toEqual(pair);
  });

  it("refuses a signing key whose stored form was altered, and never replaces it with a new one", async () => {
    const errors = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const user = await expert();
    await signingKeyOf(user.id);
    const row = await platform.db.expertSigningKey.findUniqueOrThrow({ where: { userId: user.id } });
    const bytes = Buffer.from(row.encryptedPrivateKey.slice(3), "base64");
    bytes[0] = (bytes[0] as number) ^ 0x80;
    const altered = "v2:" + bytes.toString("base64");
    await platform.db.expertSigningKey.update({ where: { userId: user.id }, data: { encryptedPrivateKey: altered } });

    await expect(signingKeyOf(user.id)).rejects.toBeInstanceOf(SigningKeyUnreadableError);
    expect((await platform.db.expertSigningKey.findUniqueOrThrow({ where: { userId: user.id } })).encryptedPrivateKey).toBe(altered);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/integrity check/), { module: "signingKeys", userId: user.id });
    errors.mockRestore();
  });
});

import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  generateSm2KeyPair,
  hmacSm3,
  keyFromHex,
  sm2PublicKeyFromPrivate,
  sm2Sign,
  sm2Verify,
  sm2VerifyReference,
  sm3Hex,
  sm4CbcDecrypt,
  sm4CbcEncrypt,
  sm4EcbDecrypt,
  sm4EcbEncrypt,
} from "./sm";
import { sm2PublicKeyFromPrivateReference, sm2SignReference } from "./sm2";
import { N } from "./sm2Curve";

describe("SM3", () => {
  it("matches the GB/T 32905 examples", () => {
    expect(sm3Hex("abc")).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    expect(sm3Hex("abcd".repeat(16))).toBe("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
  });

  it("HMAC-SM3 follows the RFC 2104 construction", () => {
    const key = randomBytes(20);
    const block = Buffer.concat([key, Buffer.alloc(64 - key.length)]);
    const xor = (pad: number) => Buffer.from(block.map((b) => b ^ pad));
    const inner = createHash("sm3").update(xor(0x36)).update("13800001234").digest();
    const expected = createHash("sm3").update(xor(0x5c)).update(inner).digest("hex");
    expect(hmacSm3(key, "13800001234").toString("hex")).toBe(expected);
    expect(hmacSm3(randomBytes(20), "13800001234").toString("hex")).not.toBe(expected);
  });
});

describe("SM4", () => {
  const key = Buffer.from("0123456789abcdeffedcba9876543210", "hex");

  it("matches the GB/T 32907 example in ECB", () => {
    const encrypted = sm4EcbEncrypt(key, key);
    expect(encrypted.toString("hex")).toBe("681edf34d206965e86b3e94f536e4246");
    expect(sm4EcbDecrypt(key, encrypted).equals(key)).toBe(true);
  });

  it("refuses unpadded ECB data and wrong key sizes", () => {
    expect(() => sm4EcbEncrypt(key, Buffer.alloc(15))).toThrow(/multiple of 16/);
    expect(() => sm4EcbEncrypt(Buffer.alloc(15), Buffer.alloc(16))).toThrow(/16 bytes/);
  });

  it("round-trips CBC with padding and rejects a wrong key", () => {
    const iv = randomBytes(16);
    const plain = Buffer.from("居民电子健康卡 e-health card", "utf8");
    const encrypted = sm4CbcEncrypt(key, iv, plain);
    expect(encrypted.length % 16).toBe(0);
    expect(sm4CbcDecrypt(key, iv, encrypted).equals(plain)).toBe(true);
    // A wrong key almost always breaks the PKCS#7 padding; when it does not, the text differs.
    let wrong: Buffer | null = null;
    try {
      wrong = sm4CbcDecrypt(randomBytes(16), iv, encrypted);
    } catch {
      wrong = null;
    }
    expect(wrong?.equals(plain) ?? false).toBe(false);
  });

  it("parses hex keys without echoing them", () => {
    expect(keyFromHex("00".repeat(16), 16, "rootKey")).toHaveLength(16);
    expect(() => keyFromHex("secretvalue", 16, "rootKey")).toThrow("rootKey must be 32 hex characters");
  });
});

describe("SM2", () => {
  it("derives the same public keys as sm-crypto, edge scalars included", () => {
    for (const d of [1n, 2n, N - 2n, N / 3n]) {
      const hex = d.toString(16).padStart(64, "0");
      expect(sm2PublicKeyFromPrivate(hex)).toBe(sm2PublicKeyFromPrivateReference(hex));
    }
    const pair = generateSm2KeyPair();
    expect(pair.publicKey).toBe(sm2PublicKeyFromPrivateReference(pair.privateKey));
  });

  it("signs and verifies, and detects tampering", () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const message = '{"code":"ABC:1","terminalId":"4401001-ER"}';
    const signature = sm2Sign(message, privateKey);
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
    expect(sm2Verify(message, signature, publicKey)).toBe(true);
    expect(sm2Verify(message.replace("ER", "OR"), signature, publicKey)).toBe(false);
    const flipped = signature.slice(0, 127) + (signature[127] === "0" ? "1" : "0");
    expect(sm2Verify(message, flipped, publicKey)).toBe(false);
    expect(sm2Verify(message, signature, generateSm2KeyPair().publicKey)).toBe(false);
    expect(sm2Verify(message, signature, publicKey, { userId: "other-terminal" })).toBe(false);
  });

  it("rejects malformed signatures and keys without throwing", () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const signature = sm2Sign("m", privateKey);
    const r = signature.slice(0, 64);
    const s = BigInt(`0x${signature.slice(64)}`);
    const zero = "0".repeat(64);
    const nHex = N.toString(16);
    expect(sm2Verify("m", zero + signature.slice(64), publicKey)).toBe(false);
    expect(sm2Verify("m", r + zero, publicKey)).toBe(false);
    expect(sm2Verify("m", r + nHex, publicKey)).toBe(false);
    expect(sm2Verify("m", r + (s + N).toString(16).slice(-64), publicKey)).toBe(false);
    expect(sm2Verify("m", signature.slice(2), publicKey)).toBe(false);
    expect(sm2Verify("m", signature, "04" + "11".repeat(64))).toBe(false); // not on the curve
    expect(sm2Verify("m", signature, publicKey.slice(2))).toBe(false);
  });

  it("agrees with sm-crypto on random keys, messages and user IDs", () => {
    for (let i = 0; i < 12; i++) {
      const { privateKey, publicKey } = generateSm2KeyPair();
      const message = randomBytes(1 + (i * 37) % 200);
      const userId = i % 3 === 0 ? "terminal-" + i : undefined;
      const ours = sm2Sign(message, privateKey, { userId });
      const theirs = sm2SignReference(message, privateKey, { userId });
      for (const signature of [ours, theirs]) {
        expect(sm2Verify(message, signature, publicKey, { userId })).toBe(true);
        expect(sm2VerifyReference(message, signature, publicKey, { userId })).toBe(true);
      }
      const forged = randomBytes(64).toString("hex");
      expect(sm2Verify(message, forged, publicKey, { userId })).toBe(sm2VerifyReference(message, forged, publicKey, { userId }));
      const otherMessage = Buffer.concat([message, Buffer.from([i])]);
      expect(sm2Verify(otherMessage, ours, publicKey, { userId })).toBe(false);
      expect(sm2VerifyReference(otherMessage, ours, publicKey, { userId })).toBe(false);
    }
  });
});

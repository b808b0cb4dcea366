import { createHash, randomBytes } from "node:crypto";
import smCrypto from "sm-crypto";
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
import { sm2PublicKeyFromPrivateReference, sm2SignReference, sm2SignWithNonces } from "./sm2";
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

  it("signs with the stored public key passed in exactly as with it derived, and refuses a malformed one", () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const signature = sm2Sign("会诊意见", privateKey, { publicKey });
    expect(sm2Verify("会诊意见", signature, publicKey)).toBe(true);
    expect(sm2VerifyReference("会诊意见", signature, publicKey)).toBe(true);
    expect(() => sm2Sign("会诊意见", privateKey, { publicKey: "04" + "zz".repeat(64) })).toThrow(/malformed/);
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

  it("reproduces the GM/T 0003.5 signature example when given its nonce", () => {
    const privateKey = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8";
    const nonce = Buffer.from("59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21", "hex");
    const expected =
      "f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3" +
      "b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa";
    const publicKey = sm2PublicKeyFromPrivate(privateKey);
    expect(publicKey).toBe(
      "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020" +
        "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13",
    );
    expect(sm2SignWithNonces("message digest", privateKey, {}, () => nonce)).toBe(expected);
    expect(sm2Verify("message digest", expected, publicKey)).toBe(true);
  });

  it("signs with the edge nonces 1 and n - 1, and redraws nonces out of range", () => {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const bytesOf = (k: bigint) => Buffer.from(k.toString(16).padStart(64, "0"), "hex");
    for (const k of [1n, N - 1n]) {
      const signature = sm2SignWithNonces("edge", privateKey, {}, () => bytesOf(k));
      expect(sm2Verify("edge", signature, publicKey)).toBe(true);
      expect(sm2VerifyReference("edge", signature, publicKey)).toBe(true);
    }
    const draws = [bytesOf(0n), bytesOf(N), Buffer.alloc(32, 0xff), bytesOf(12345n)];
    const afterRedraws = sm2SignWithNonces("edge", privateKey, {}, () => draws.shift() as Buffer);
    expect(draws).toHaveLength(0);
    expect(afterRedraws).toBe(sm2SignWithNonces("edge", privateKey, {}, () => bytesOf(12345n)));
  });

  it("interoperates with sm-crypto both ways over many keys, messages and user IDs", () => {
    for (let i = 0; i < 24; i++) {
      const ours = generateSm2KeyPair();
      const theirs = smCrypto.sm2.generateKeyPairHex();
      const message = randomBytes(i * 13);
      const userId = i % 4 === 0 ? `终端-${i}` : undefined;
      const signedByUs = sm2Sign(message, ours.privateKey, { userId });
      expect(sm2VerifyReference(message, signedByUs, ours.publicKey, { userId })).toBe(true);
      const signedByThem = sm2SignReference(message, theirs.privateKey, { userId });
      expect(sm2Verify(message, signedByThem, theirs.publicKey, { userId })).toBe(true);
      expect(sm2PublicKeyFromPrivate(theirs.privateKey)).toBe(theirs.publicKey);
    }
  });
});

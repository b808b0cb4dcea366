import { randomBytes } from "node:crypto";
import smCrypto from "sm-crypto";
import { describe, expect, it } from "vitest";
import { GX, GY, N, P, multiplyBaseVariableTime } from "./sm2Curve";
import { multiplyBaseSecret } from "./sm2SecretScalar";

const bytesOf = (k: bigint) => Buffer.from(k.toString(16).padStart(64, "0"), "hex");
const encode = (point: { x: bigint; y: bigint }) => `04${point.x.toString(16).padStart(64, "0")}${point.y.toString(16).padStart(64, "0")}`;

describe("k·G for secret scalars", () => {
  it("gives G for k = 1 and -G for k = n - 1, as the variable-time reference does", () => {
    expect(multiplyBaseSecret(bytesOf(1n))).toEqual({ x: GX, y: GY });
    expect(multiplyBaseSecret(bytesOf(N - 1n))).toEqual({ x: GX, y: P - GY });
    for (const k of [1n, 2n, 3n, N - 2n, N - 1n, 1n << 255n, (1n << 16n) - 1n]) {
      expect(multiplyBaseSecret(bytesOf(k))).toEqual(multiplyBaseVariableTime(k));
    }
  });

  it("agrees with the reference and with sm-crypto on random, short, sparse and dense scalars", () => {
    const random = () => BigInt(`0x${randomBytes(32).toString("hex")}`) % (N - 1n) + 1n;
    const scalars = [
      ...Array.from({ length: 16 }, random),
      ...Array.from({ length: 4 }, () => random() >> 240n || 1n),
      ...Array.from({ length: 4 }, () => (1n << 255n) | (1n << BigInt(randomBytes(1)[0] as number))),
      ...Array.from({ length: 4 }, () => N - 1n - (random() >> 200n)),
    ];
    for (const k of scalars) {
      const point = multiplyBaseSecret(bytesOf(k));
      expect(point).toEqual(multiplyBaseVariableTime(k));
      expect(encode(point)).toBe(smCrypto.sm2.getPublicKeyFromPrivateKey(bytesOf(k).toString("hex")));
    }
  });

  it("refuses 0, n and anything but 32 bytes", () => {
    expect(() => multiplyBaseSecret(bytesOf(0n))).toThrow("SM2 scalar out of range");
    expect(() => multiplyBaseSecret(bytesOf(N))).toThrow("SM2 scalar out of range");
    expect(() => multiplyBaseSecret(Buffer.alloc(31, 1))).toThrow("32 bytes");
  });
});

import { describe, expect, it, vi } from "vitest";

// Every bigint handed to the BigInt curve code is recorded: that code is variable-time, so a
// private key or a nonce must never reach it.
const seenByCurveCode = vi.hoisted(() => new Set<bigint>());

vi.mock("./sm2Curve", async (importOriginal) => {
  const original = await importOriginal<Record<string, unknown>>();
  const recording = Object.entries(original).map(([name, value]) => {
    if (typeof value !== "function") return [name, value];
    const fn = value as (...args: unknown[]) => unknown;
    return [
      name,
      (...args: unknown[]) => {
        for (const arg of args) if (typeof arg === "bigint") seenByCurveCode.add(arg);
        return fn(...args);
      },
    ];
  });
  return Object.fromEntries(recording) as Record<string, unknown>;
});

const { generateSm2KeyPair, sm2PublicKeyFromPrivate, sm2Sign, sm2Verify } = await import("./sm2");
const { N, invert } = await vi.importActual<typeof import("./sm2Curve")>("./sm2Curve");

describe("SM2 secrets stay out of the variable-time curve code", () => {
  it("never passes the private key, 1 + d or the nonce to it when generating keys and signing", () => {
    for (let i = 0; i < 8; i++) {
      seenByCurveCode.clear();
      const { privateKey, publicKey } = generateSm2KeyPair();
      expect(sm2PublicKeyFromPrivate(privateKey)).toBe(publicKey);
      const signature = sm2Sign(`message ${i}`, privateKey);
      const d = BigInt(`0x${privateKey}`);
      const r = BigInt(`0x${signature.slice(0, 64)}`);
      const s = BigInt(`0x${signature.slice(64)}`);
      // s = (1 + d)⁻¹ (k - r·d)  ⇒  k = s (1 + d) + r·d  (mod n)
      const k = (s * (1n + d) + r * d) % N;
      const secrets = [d, 1n + d, k, invert(1n + d, N)];
      expect(secrets.filter((secret) => seenByCurveCode.has(secret))).toEqual([]);
      expect(sm2Verify(`message ${i}`, signature, publicKey)).toBe(true);
    }
  });
});

import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";

const FAST = { logN: 10, r: 8, p: 1 };

describe("password hashing (scrypt)", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse", FAST);
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$/);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horsE", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same", FAST)).not.toBe(await hashPassword("same", FAST));
  });

  it("uses OWASP's memory-hard default parameters", async () => {
    const hash = await hashPassword("x");
    expect(hash.startsWith("scrypt$17$8$1$")).toBe(true);
    expect(await verifyPassword("x", hash)).toBe(true);
  });

  it("treats malformed stored hashes as a failed check, not a crash", async () => {
    expect(await verifyPassword("x", "")).toBe(false);
    expect(await verifyPassword("x", "bcrypt$whatever")).toBe(false);
    expect(await verifyPassword("x", "scrypt$99$8$1$aa$bb")).toBe(false);
  });
});

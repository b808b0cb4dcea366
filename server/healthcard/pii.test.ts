import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring, piiKeyFromConfig } from "./keys";
import { PiiDecryptionError, blindIndex, decryptPii, encryptPii, maskDocumentNumber, maskName, maskPhone, reencryptPii } from "./pii";

const v1 = piiKeyFromConfig({ version: 1, key: randomBytes(16).toString("hex") });
const v2 = piiKeyFromConfig({ version: 2, key: randomBytes(16).toString("hex") });

describe("PII encryption", () => {
  it("round-trips, with a fresh IV each time", () => {
    const keyring = createKeyring([v1], 1);
    const a = encryptPii("11010519491231002X", keyring);
    const b = encryptPii("11010519491231002X", keyring);
    expect(a.keyVersion).toBe(1);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext).not.toContain("1101");
    expect(decryptPii(a, keyring)).toBe("11010519491231002X");
    expect(decryptPii(encryptPii("张三 13812341234", keyring), keyring)).toBe("张三 13812341234");
  });

  it("reads older versions after rotation and re-encrypts to the current one", () => {
    const old = encryptPii("13812341234", createKeyring([v1], 1));
    const rotated = createKeyring([v1, v2], 2);
    expect(decryptPii(old, rotated)).toBe("13812341234");
    const moved = reencryptPii(old, rotated);
    expect(moved.keyVersion).toBe(2);
    expect(decryptPii(moved, createKeyring([v2], 2))).toBe("13812341234");
  });

  it("fails with an unreadable-data error for an unknown or wrong key version", () => {
    const stored = encryptPii("13812341234", createKeyring([v1], 1));
    expect(() => decryptPii(stored, createKeyring([v2], 2))).toThrow(PiiDecryptionError);
    // The version says 2 but the data was written with key 1: padding check fails or text differs.
    const keyring = createKeyring([v1, v2], 2);
    let read: string | null = null;
    try {
      read = decryptPii({ ...stored, keyVersion: 2 }, keyring);
    } catch (error) {
      expect(error).toBeInstanceOf(PiiDecryptionError);
    }
    expect(read).not.toBe("13812341234");
    expect(() => decryptPii({ ciphertext: "AAAA", keyVersion: 1 }, keyring)).toThrow(PiiDecryptionError);
  });

  it("refuses inconsistent keyrings", () => {
    expect(() => createKeyring([v1], 2)).toThrow(/not configured/);
    expect(() => createKeyring([v1, v1], 1)).toThrow(/twice/);
    expect(() => piiKeyFromConfig({ version: 1, key: "short" })).toThrow(/32 hex/);
  });
});

describe("blind index", () => {
  it("is deterministic per key and differs between keys and values", () => {
    const key = randomBytes(32);
    expect(blindIndex("11010519491231002X", key)).toBe(blindIndex("11010519491231002X", key));
    expect(blindIndex("11010519491231002X", key)).toMatch(/^[0-9a-f]{64}$/);
    expect(blindIndex("11010519491231002X", randomBytes(32))).not.toBe(blindIndex("11010519491231002X", key));
    expect(blindIndex("110101199003071233", key)).not.toBe(blindIndex("11010519491231002X", key));
  });
});

describe("masking", () => {
  it("keeps the first and last 4 characters of document numbers", () => {
    expect(maskDocumentNumber("110101199003071234")).toBe("1101**********1234");
    expect(maskDocumentNumber("11010519491231002X")).toBe("1101**********002X");
    expect(maskDocumentNumber("E12345678")).toBe("E123*5678");
    expect(maskDocumentNumber("12345678")).toBe("*******8");
  });

  it("shows 3 + 4 digits of phone numbers", () => {
    expect(maskPhone("13812341234")).toBe("138****1234");
    expect(maskPhone("138 1234 1234")).toBe("138****1234");
    expect(maskPhone("1234")).toBe("****");
  });

  it("keeps the first and last character of names", () => {
    expect(maskName("张小三")).toBe("张*三");
    expect(maskName("张三")).toBe("张*");
    expect(maskName("欧阳娜娜")).toBe("欧**娜");
    expect(maskName("李")).toBe("*");
    expect(maskName("")).toBe("");
  });
});

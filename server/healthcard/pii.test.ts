import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { log, type Logger } from "@/lib/log";
import { errorAnswer } from "@/server/http/boundary";
import { createKeyring, piiKeyFromConfig } from "./keys";
import { PiiDecryptionError, PiiIntegrityError, blindIndex, decryptPii, encryptPii, isCurrentPii, maskDocumentNumber, maskName, maskPhone, reencryptPii, type EncryptedPii } from "./pii";
import { encryptPiiLegacyFormat } from "./testKeys";

const v1 = piiKeyFromConfig({ version: 1, key: randomBytes(16).toString("hex") });
const v2 = piiKeyFromConfig({ version: 2, key: randomBytes(16).toString("hex") });

const DOC = "resident.docNumber" as const;
const PHONE = "resident.phone" as const;

/** The stored value with bit `bit` of its decoded bytes (IV ‖ ciphertext ‖ tag) flipped. */
function flipBit(value: EncryptedPii, bit: number): EncryptedPii {
  const bytes = Buffer.from(value.ciphertext.slice(3), "base64");
  bytes[bit >> 3] = (bytes[bit >> 3] as number) ^ (1 << (bit & 7));
  return { ...value, ciphertext: "v2:" + bytes.toString("base64") };
}

describe("PII encryption", () => {
  // Each refusal is logged as an error; here they are expected, and counted instead of printed.
  let loggedErrors: MockInstance<Logger["error"]>;
  beforeEach(() => {
    loggedErrors = vi.spyOn(log, "error").mockImplementation(() => undefined);
  });
  afterEach(() => loggedErrors.mockRestore());

  it("round-trips, with a fresh IV each time, in the authenticated format", () => {
    const keyring = createKeyring([v1], 1);
    const a = encryptPii("11010519491231002X", keyring, DOC);
    const b = encryptPii("11010519491231002X", keyring, DOC);
    expect(a.keyVersion).toBe(1);
    expect(a.ciphertext).toMatch(/^v2:/);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext).not.toContain("1101");
    expect(decryptPii(a, keyring, DOC)).toBe("11010519491231002X");
    expect(decryptPii(encryptPii("张三 13812341234", keyring, PHONE), keyring, PHONE)).toBe("张三 13812341234");
  });

  it("refuses a ciphertext with any one bit flipped (IV, ciphertext or tag), never decrypting it", () => {
    const keyring = createKeyring([v1], 1);
    const stored = encryptPii("11010519491231002X", keyring, DOC);
    const bits = Buffer.from(stored.ciphertext.slice(3), "base64").length * 8;
    expect(bits).toBe((16 + 32 + 32) * 8);
    for (let bit = 0; bit < bits; bit++) {
      expect(() => decryptPii(flipBit(stored, bit), keyring, DOC), `bit ${bit}`).toThrow(PiiIntegrityError);
    }
    // Truncated or extended values are refused the same way.
    expect(() => decryptPii({ ...stored, ciphertext: stored.ciphertext.slice(0, -8) }, keyring, DOC)).toThrow(PiiIntegrityError);
    expect(() => decryptPii({ ...stored, ciphertext: "v2:" + Buffer.concat([Buffer.from(stored.ciphertext.slice(3), "base64"), Buffer.alloc(16)]).toString("base64") }, keyring, DOC)).toThrow(
      PiiIntegrityError,
    );
    expect(() => decryptPii({ ...stored, ciphertext: "v2:" }, keyring, DOC)).toThrow(PiiIntegrityError);
    expect(loggedErrors).toHaveBeenCalledTimes(bits + 3);
    expect(loggedErrors).toHaveBeenLastCalledWith(expect.stringMatching(/integrity check failed/), { module: "pii", field: DOC, keyVersion: 1 });
  });

  it("the tamper error is a 500 that names no part of the value", () => {
    const keyring = createKeyring([v1], 1);
    const stored = encryptPii("11010519491231002X", keyring, DOC);
    let caught: unknown;
    try {
      decryptPii(flipBit(stored, 200), keyring, DOC);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PiiIntegrityError);
    const error = caught as PiiIntegrityError;
    expect(error.status).toBe(500);
    expect(error.code).toBe("DATA_INTEGRITY_FAILED");
    expect(JSON.stringify({ message: error.message, details: error.details, params: error.params })).not.toMatch(/1101|002X/);
    const answer = errorAnswer(error, "zh-CN", "req-1");
    expect(answer.status).toBe(500);
    expect(answer.body.error.code).toBe("DATA_INTEGRITY_FAILED");
    expect(answer.body.error.message).toContain("完整性校验");
    expect(JSON.stringify(answer.body)).not.toMatch(/1101|002X/);
  });

  it("refuses a value moved to another field or given another key version", () => {
    const keyring = createKeyring([v1, v2], 2);
    const phone = encryptPii("13812341234", keyring, PHONE);
    expect(() => decryptPii(phone, keyring, DOC)).toThrow(PiiIntegrityError);
    expect(() => decryptPii({ ...phone, keyVersion: 1 }, keyring, PHONE)).toThrow(PiiIntegrityError);
    // Even when both versions are the same key, the version is covered by the tag.
    const sameKeyTwice = createKeyring([v1, { version: 2, key: v1.key }], 2);
    const underV2 = encryptPii("13812341234", sameKeyTwice, PHONE);
    expect(() => decryptPii({ ...underV2, keyVersion: 1 }, sameKeyTwice, PHONE)).toThrow(PiiIntegrityError);
  });

  it("reads values in the old unauthenticated format and re-encrypts them to the current key and format", () => {
    const old = encryptPiiLegacyFormat("13812341234", v1);
    const rotated = createKeyring([v1, v2], 2);
    expect(isCurrentPii(old, createKeyring([v1], 1))).toBe(false);
    expect(decryptPii(old, rotated, PHONE)).toBe("13812341234");
    const moved = reencryptPii(old, rotated, PHONE);
    expect(moved.keyVersion).toBe(2);
    expect(moved.ciphertext).toMatch(/^v2:/);
    expect(isCurrentPii(moved, rotated)).toBe(true);
    expect(reencryptPii(moved, rotated, PHONE)).toBe(moved);
    expect(decryptPii(moved, createKeyring([v2], 2), PHONE)).toBe("13812341234");
  });

  it("with PII_LEGACY_FORMAT=refuse, a value in the old format is an integrity failure, never decrypted; authenticated values read as before", () => {
    const old = encryptPiiLegacyFormat("13812341234", v1);
    const refusing = { ...createKeyring([v1], 1), legacyFormat: "refuse" as const };
    expect(() => decryptPii(old, refusing, PHONE)).toThrow(PiiIntegrityError);
    expect(() => reencryptPii(old, refusing, PHONE)).toThrow(PiiIntegrityError);
    expect(decryptPii(encryptPii("13812341234", refusing, PHONE), refusing, PHONE)).toBe("13812341234");
    expect(decryptPii(old, { ...refusing, legacyFormat: "read" }, PHONE)).toBe("13812341234");
  });

  it("reads older versions after rotation and re-encrypts to the current one", () => {
    const old = encryptPii("13812341234", createKeyring([v1], 1), PHONE);
    const rotated = createKeyring([v1, v2], 2);
    expect(decryptPii(old, rotated, PHONE)).toBe("13812341234");
    const moved = reencryptPii(old, rotated, PHONE);
    expect(moved.keyVersion).toBe(2);
    expect(decryptPii(moved, createKeyring([v2], 2), PHONE)).toBe("13812341234");
  });

  it("fails with an unreadable-data error for an unknown key version or a corrupt old-format value", () => {
    const stored = encryptPii("13812341234", createKeyring([v1], 1), PHONE);
    expect(() => decryptPii(stored, createKeyring([v2], 2), PHONE)).toThrow(PiiDecryptionError);
    expect(() => decryptPii({ ciphertext: "AAAA", keyVersion: 1 }, createKeyring([v1], 1), PHONE)).toThrow(PiiDecryptionError);
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

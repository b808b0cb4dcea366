import { createCipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  cardIdPlaintext,
  computeCardId,
  deriveResidentKey,
  diversificationFactor,
  generateMasterIndexId,
  isCardId,
  isMasterIndexId,
} from "./cardId";

const ROOT_KEY = Buffer.from("0123456789abcdeffedcba9876543210", "hex");
const MASTER_INDEX = "00112233445566778899AABBCCDDEEFF0123456789ABCDEFFEDCBA9876543210";

/** Plain Node SM4-ECB, independent of server/crypto, to recompute the scheme by hand. */
function sm4Ecb(key: Buffer, data: Buffer): Buffer {
  const cipher = createCipheriv("sm4-ecb", key, null).setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

describe("card ID (national e-health card scheme)", () => {
  it("matches a vector computed step by step", () => {
    // Step 1: the four 8-byte groups XOR to F.
    //   0011223344556677 ^ 8899AABBCCDDEEFF = 8888888888888888
    //   ^ 0123456789ABCDEF                 = 89ABCDEF01234567
    //   ^ FEDCBA9876543210                 = 7777777777777777
    expect(diversificationFactor(MASTER_INDEX).toString("hex")).toBe("7777777777777777");
    // Step 2: resident key = SM4-ECB(root key, F ‖ ~F).
    const residentKey = sm4Ecb(ROOT_KEY, Buffer.from("77777777777777778888888888888888", "hex"));
    expect(deriveResidentKey(ROOT_KEY, MASTER_INDEX).equals(residentKey)).toBe(true);
    expect(residentKey.toString("hex")).toBe("a8dd6b3bd42335ef31b29ddfde166844");
    // Step 3: "01" + 18-character ID = 20 ASCII bytes, zero-padded to 32.
    const plaintext = Buffer.concat([Buffer.from("0111010519491231002X", "ascii"), Buffer.alloc(12)]);
    expect(cardIdPlaintext("01", "11010519491231002X").equals(plaintext)).toBe(true);
    // Step 4: card ID = SM4-ECB(resident key, plaintext), upper-case hex.
    const expected = sm4Ecb(residentKey, plaintext).toString("hex").toUpperCase();
    expect(expected).toBe("9B5C50BFEDD838765447E5F7DADD19A44FE9561ED2E35235F86B94F3AFE59890");
    expect(computeCardId({ rootKey: ROOT_KEY, masterIndexId: MASTER_INDEX, docType: "01", docNumber: "11010519491231002X" })).toBe(expected);
  });

  it("is deterministic and accepts a lower-case master index ID", () => {
    const input = { rootKey: ROOT_KEY, masterIndexId: MASTER_INDEX, docType: "01" as const, docNumber: "11010519491231002X" };
    expect(computeCardId(input)).toBe(computeCardId({ ...input }));
    expect(computeCardId({ ...input, masterIndexId: MASTER_INDEX.toLowerCase() })).toBe(computeCardId(input));
  });

  it("changes with the document type, the number, the master index and the root key", () => {
    const base = { rootKey: ROOT_KEY, masterIndexId: MASTER_INDEX, docType: "01" as const, docNumber: "11010519491231002X" };
    const id = computeCardId(base);
    const variants = [
      computeCardId({ ...base, docType: "02" }),
      computeCardId({ ...base, docNumber: "110101199003071233" }),
      computeCardId({ ...base, masterIndexId: generateMasterIndexId() }),
      computeCardId({ ...base, rootKey: Buffer.from("fedcba98765432100123456789abcdef", "hex") }),
    ];
    for (const other of variants) expect(other).not.toBe(id);
    expect(new Set(variants).size).toBe(variants.length);
  });

  it("always yields 64 upper-case hex characters, short documents included", () => {
    for (const [docType, docNumber] of [["03", "E12345678"], ["07", "12345678"], ["99", "A".repeat(30)]] as const) {
      const id = computeCardId({ rootKey: ROOT_KEY, masterIndexId: MASTER_INDEX, docType, docNumber });
      expect(isCardId(id)).toBe(true);
    }
  });

  it("refuses data longer than 32 bytes and non-ASCII numbers", () => {
    expect(() => cardIdPlaintext("99", "A".repeat(31))).toThrow(/32 bytes/);
    expect(() => cardIdPlaintext("04", "南字第1234号")).toThrow(/ASCII/);
  });

  it("offers the ASCII reading of the 8-byte groups as an alternative", () => {
    const ascii = diversificationFactor(MASTER_INDEX, "ascii");
    let expected = Buffer.alloc(8);
    for (let i = 0; i < 64; i += 8) {
      const group = Buffer.from(MASTER_INDEX.slice(i, i + 8), "ascii");
      expected = Buffer.from(expected.map((b, j) => b ^ (group[j] as number)));
    }
    expect(ascii.equals(expected)).toBe(true);
    expect(ascii.equals(diversificationFactor(MASTER_INDEX))).toBe(false);
  });

  it("generates random master index IDs of 64 hex characters", () => {
    const a = generateMasterIndexId();
    expect(isMasterIndexId(a)).toBe(true);
    expect(a).toMatch(/^[0-9A-F]{64}$/);
    expect(generateMasterIndexId()).not.toBe(a);
    expect(() => diversificationFactor("XYZ")).toThrow(/64 hex/);
  });
});

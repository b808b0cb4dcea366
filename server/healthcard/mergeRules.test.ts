import { describe, expect, it } from "vitest";
import { translate } from "@/lib/i18n";
import { conflictMessageKey, identityConflicts, statedReason, type IdentityFacts, type IdentityField } from "./mergeRules";

const chen1978: IdentityFacts = { docType: "01", docIndex: "a".repeat(64), sex: "FEMALE", birthDate: "1978-03-12" };

describe("identity conflicts between two records", () => {
  it("the 陈晓梅 case: two resident IDs, another sex and birth date conflict on all three", () => {
    expect(identityConflicts(chen1978, { docType: "01", docIndex: "b".repeat(64), sex: "MALE", birthDate: "1970-07-01" })).toEqual(["docNumber", "sex", "birthDate"]);
  });

  it("one person registered by passport and by resident ID, with the same sex and birth date, does not conflict", () => {
    expect(identityConflicts(chen1978, { docType: "03", docIndex: "c".repeat(64), sex: "FEMALE", birthDate: "1978-03-12" })).toEqual([]);
  });

  it("an unknown sex, birth date or document never conflicts", () => {
    expect(identityConflicts(chen1978, { docType: null, docIndex: null, sex: "UNKNOWN", birthDate: null })).toEqual([]);
    expect(identityConflicts(chen1978, { ...chen1978, docIndex: null })).toEqual([]);
  });

  it("each field alone", () => {
    expect(identityConflicts(chen1978, { ...chen1978, docIndex: "d".repeat(64) })).toEqual(["docNumber"]);
    expect(identityConflicts(chen1978, { ...chen1978, sex: "MALE" })).toEqual(["sex"]);
    expect(identityConflicts(chen1978, { ...chen1978, birthDate: "1978-03-13" })).toEqual(["birthDate"]);
  });

  it("every set of fields has its message, naming exactly those fields in both languages", () => {
    const names: Record<IdentityField, [string, string]> = { docNumber: ["证件号码", "document number"], sex: ["性别", "sex"], birthDate: ["出生日期", "birth date"] };
    const all: IdentityField[] = ["docNumber", "sex", "birthDate"];
    for (let mask = 1; mask < 8; mask++) {
      const fields = all.filter((_, i) => mask & (1 << i));
      const key = conflictMessageKey(fields);
      const zh = translate("zh-CN", key);
      const en = translate("en", key);
      expect(zh, key).not.toBe(key);
      for (const field of all) {
        expect(zh.includes(names[field][0]), `${key} zh ${field}`).toBe(fields.includes(field));
        expect(en.includes(names[field][1]), `${key} en ${field}`).toBe(fields.includes(field));
      }
    }
    // The order the fields come in does not matter.
    expect(conflictMessageKey(["birthDate", "docNumber"])).toBe(conflictMessageKey(["docNumber", "birthDate"]));
  });
});

describe("stated reasons", () => {
  it("are trimmed, 4 to 500 characters (counted as characters, not UTF-16 units)", () => {
    expect(statedReason("  已核对户口本  ", "reason", "healthCard.merge.reasonRequired")).toBe("已核对户口本");
    expect(statedReason("理".repeat(500), "reason", "healthCard.merge.reasonRequired")).toHaveLength(500);
    for (const bad of [null, undefined, "", "   ", "重复", "理".repeat(501)]) {
      expect(() => statedReason(bad, "overrideReason", "healthCard.merge.overrideReasonRequired")).toThrow(expect.objectContaining({ status: 400, messageKey: "healthCard.merge.overrideReasonRequired" }));
    }
  });
});

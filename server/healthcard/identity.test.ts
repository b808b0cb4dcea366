import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { parseResidentId, residentIdCheckCharacter, validateDocument } from "./identity";

// Check characters below were computed independently (ISO 7064 MOD 11-2 by hand/script).
const NOW = new Date("2025-06-01T04:00:00Z");

function messageKeyOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    return (error as AppError).messageKey;
  }
  throw new Error("expected a validation error");
}

describe("parseResidentId (GB 11643)", () => {
  it("accepts the standard's example and returns sex and birth date", () => {
    expect(parseResidentId("11010519491231002X", NOW)).toEqual({
      number: "11010519491231002X",
      regionCode: "110105",
      birthDate: "1949-12-31",
      sex: "female",
    });
    expect(parseResidentId("110101199003071233", NOW)).toMatchObject({ sex: "male", birthDate: "1990-03-07" });
  });

  it("accepts a lower-case x and stores it upper-case, ignoring surrounding spaces", () => {
    expect(parseResidentId(" 11010119900307125x ", NOW).number).toBe("11010119900307125X");
  });

  it("computes the MOD 11-2 check character", () => {
    expect(residentIdCheckCharacter("11010519491231002")).toBe("X");
    expect(residentIdCheckCharacter("11010119900307123")).toBe("3");
  });

  it("rejects a wrong check character", () => {
    expect(messageKeyOf(() => parseResidentId("110101199003071234", NOW))).toBe("healthCard.residentId.badCheckCharacter");
    expect(messageKeyOf(() => parseResidentId("110105194912310021", NOW))).toBe("healthCard.residentId.badCheckCharacter");
  });

  it("rejects an impossible date even with a correct check character", () => {
    expect(messageKeyOf(() => parseResidentId("110101199902301231", NOW))).toBe("healthCard.residentId.impossibleDate");
    expect(messageKeyOf(() => parseResidentId("110101199913011231", NOW))).toBe("healthCard.residentId.impossibleDate");
  });

  it("rejects a birth date after today in Asia/Shanghai", () => {
    expect(messageKeyOf(() => parseResidentId("32010520991231001X", NOW))).toBe("healthCard.residentId.futureDate");
    // 16:30 UTC on 1 June is already 2 June in Shanghai: born on 2 June is fine, 3 June is not.
    const lateEvening = new Date("2025-06-01T16:30:00Z");
    expect(parseResidentId("110101202506020010", lateEvening).birthDate).toBe("2025-06-02");
    expect(messageKeyOf(() => parseResidentId("110101202506030016", lateEvening))).toBe("healthCard.residentId.futureDate");
  });

  it("rejects births before 1900, the sequence 000 and unknown provinces", () => {
    expect(messageKeyOf(() => parseResidentId("11010118991231001X", NOW))).toBe("healthCard.residentId.tooEarly");
    expect(messageKeyOf(() => parseResidentId("110101199003070003", NOW))).toBe("healthCard.residentId.badSequence");
    expect(messageKeyOf(() => parseResidentId("990101199003071237", NOW))).toBe("healthCard.residentId.badRegion");
  });

  it("rejects the wrong length with the length as a parameter", () => {
    for (const value of ["11010519491231002", "11010519491231002X1", "", "110105491231002"]) {
      expect(messageKeyOf(() => parseResidentId(value, NOW))).toBe("healthCard.residentId.wrongLength");
    }
    try {
      parseResidentId("1101051949123100", NOW);
    } catch (error) {
      expect((error as AppError).params).toEqual({ length: 16 });
    }
  });

  it("rejects letters other than a final X", () => {
    for (const value of ["11010519491231O02X", "11010519491231002Y", "A1010519491231002X", "1101051949-231002X"]) {
      expect(messageKeyOf(() => parseResidentId(value, NOW))).toBe("healthCard.residentId.illegalCharacters");
    }
  });

  it("never puts the number into the error", () => {
    try {
      parseResidentId("110101199003071234", NOW);
    } catch (error) {
      expect(JSON.stringify({ ...(error as AppError), message: (error as Error).message })).not.toContain("1990030712");
    }
  });
});

describe("validateDocument", () => {
  it("runs the resident ID check for resident ID, household register and driving licence", () => {
    for (const docType of ["01", "02", "05"]) {
      expect(validateDocument(docType, "11010519491231002x", NOW)).toEqual({
        docType,
        docNumber: "11010519491231002X",
        sex: "female",
        birthDate: "1949-12-31",
      });
    }
    expect(messageKeyOf(() => validateDocument("02", "110101199003071234", NOW))).toBe("healthCard.residentId.badCheckCharacter");
  });

  it.each([
    ["03", "e12345678", "E12345678"],
    ["03", "X1234567", "X1234567"],
    ["04", "20190001", "20190001"],
    ["06", "H12345678", "H12345678"],
    ["06", "M1234567801", "M1234567801"],
    ["06", "C12345678", "C12345678"],
    ["07", "12345678", "12345678"],
    ["07", "1234567890", "1234567890"],
    ["99", "SSC-44-0001", "SSC-44-0001"],
  ])("accepts type %s number %s", (docType, input, normalised) => {
    expect(validateDocument(docType, input, NOW)).toEqual({ docType, docNumber: normalised });
  });

  it.each([
    ["03", "E12"],
    ["03", "E1234567/8"],
    ["04", "南字第12345678号"],
    ["06", "H1234567"],
    ["06", "X12345678"],
    ["07", "1234567"],
    ["07", "T1234567"],
    ["99", "A".repeat(31)],
    ["99", ""],
  ])("rejects type %s number %s with the document-format message", (docType, input) => {
    expect(messageKeyOf(() => validateDocument(docType, input, NOW))).toBe("healthCard.document.badFormat");
  });

  it("rejects unknown document types", () => {
    expect(messageKeyOf(() => validateDocument("08", "12345678", NOW))).toBe("healthCard.document.unknownType");
    expect(messageKeyOf(() => validateDocument("1", "11010519491231002X", NOW))).toBe("healthCard.document.unknownType");
  });
});

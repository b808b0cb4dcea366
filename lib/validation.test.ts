import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cleanFileName, displayText, MAX_INPUT_DEPTH, nulBytePath, parseJsonBody, rowVersion } from "./validation";

describe("NUL characters (PostgreSQL refuses them in text)", () => {
  it("are found anywhere in an input, and the field is named", () => {
    expect(nulBytePath({ clinicalSummary: "abc\u0000def" })).toBe("clinicalSummary");
    expect(nulBytePath({ items: [{ name: "ok" }, { name: "a\u0000" }] })).toBe("items.1.name");
    expect(nulBytePath({ ["k\u0000"]: 1 })).toBe("k\u0000");
    expect(nulBytePath("\u0000")).toBe("(value)");
    expect(nulBytePath({ a: "fine", b: [1, null, true], c: { d: "中文" } })).toBeNull();
  });

  it("in a JSON body answer 400 NUL_BYTE with a message naming the field, before the schema runs", () => {
    const schema = z.object({ clinicalSummary: z.string() });
    expect(() => parseJsonBody(schema, JSON.stringify({ clinicalSummary: "abc\u0000def" }))).toThrow(
      expect.objectContaining({ status: 400, code: "NUL_BYTE", messageKey: "errors.nulByte", params: { field: "clinicalSummary" } }),
    );
    expect(parseJsonBody(schema, JSON.stringify({ clinicalSummary: "abc def" }))).toEqual({ clinicalSummary: "abc def" });
  });
});

describe("deeply nested input (found by the fuzz suite: a 500 from a stack overflow)", () => {
  const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

  it("a JSON body nested 10,000 levels deep answers 400 TOO_DEEP, not a RangeError", () => {
    const schema = z.object({ clinicalSummary: z.string() });
    for (const body of [nested(10_000), '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000)]) {
      expect(() => parseJsonBody(schema, body)).toThrow(expect.objectContaining({ status: 400, code: "TOO_DEEP", messageKey: "errors.tooDeep" }));
    }
  });

  it("the limit lets every ordinary shape through and refuses one level past it", () => {
    const schema = z.unknown();
    expect(parseJsonBody(schema, nested(MAX_INPUT_DEPTH))).toBeDefined();
    expect(() => parseJsonBody(schema, nested(MAX_INPUT_DEPTH + 1))).toThrow(expect.objectContaining({ code: "TOO_DEEP" }));
  });

  it("a NUL deep inside a long flat array is still found without recursion", () => {
    const items = Array.from({ length: 200_000 }, () => "ok");
    items[199_999] = "a\u0000";
    expect(nulBytePath({ items })).toBe("items.199999");
  });
});

describe("a row version sent back by a client (found by the fuzz suite: 2^48 reached SQL and answered 500)", () => {
  it("is a PostgreSQL integer: 1 … 2^31 - 1, nothing past it", () => {
    expect(rowVersion.safeParse(2_147_483_647).success).toBe(true);
    for (const value of [2_147_483_648, 266_004_540_667_624, 0, 1.5]) expect(rowVersion.safeParse(value).success, String(value)).toBe(false);
  });
});

describe("bidirectional controls in names", () => {
  it("are removed from a file name, so an override cannot show a PDF as a picture", () => {
    expect(cleanFileName("report\u202Egpj.pdf", "attachment")).toBe("reportgpj.pdf");
    expect(cleanFileName("\u2067\u200F../../etc\u0000passwd\u2069", "attachment")).toBe(".._.._etc_passwd");
    expect(cleanFileName("\u202E\u202C", "attachment")).toBe("attachment");
  });

  it("are removed from names and titles by the shared schema, every one of them", () => {
    const controls = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C";
    expect(displayText(100).parse(` 张${controls}三 `)).toBe("张三");
    expect(displayText(100).parse("Ward 3 \u202Eexe.pdf")).toBe("Ward 3 exe.pdf");
    expect(displayText(3).safeParse("\u202E\u202E\u202E\u202Eabc").success).toBe(true);
  });
});

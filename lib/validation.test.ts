import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cleanFileName, displayText, nulBytePath, parseJsonBody } from "./validation";

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

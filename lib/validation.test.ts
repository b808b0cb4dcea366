import { describe, expect, it } from "vitest";
import { z } from "zod";
import { nulBytePath, parseJsonBody } from "./validation";

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

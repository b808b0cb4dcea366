import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { apiRoute } from "@/app/_lib/api";
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

  it("in a query string answer 400 NUL_BYTE from every API route, in the caller's language", async () => {
    let reached = false;
    const route = apiRoute({ access: { public: "a test route that must not be reached" } }, async () => {
      reached = true;
      return { ok: true };
    });
    const answer = await route(new NextRequest("http://127.0.0.1/api/patients?q=%00", { headers: { cookie: "locale=en" } }), { params: Promise.resolve({}) });
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("NUL_BYTE");
    expect(body.error.message).toContain('"q" contains an invisible NUL character');
    expect(reached).toBe(false);
  });
});

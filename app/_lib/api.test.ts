import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { apiRoute } from "./api";

describe("apiRoute", () => {
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

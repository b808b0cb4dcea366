import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoute } from "@/app/_lib/api";
import { ConflictError, ValidationError } from "@/lib/errors";
import { getConfig } from "@/server/config";
import { clientAddressOf } from "./boundary";
import { localeOf, requestIdOf, sendError } from "./respond";
import { securityHeaders, securitySettingsOf } from "./securityHeaders";
import { startHttpEntry, type HttpEntry } from "@/test/httpEntry";

/** What each test throws; `address` is the client address the stack saw, put in the error's details. */
type Failure = (address: string | null) => unknown;
let failure: Failure = () => new Error("unset");

// The Next side: a real apiRoute, fed the request the custom server hands to Next.
const nextRoute = apiRoute({ access: { public: "the boundary test" } }, async ({ clientAddress }) => {
  throw failure(clientAddress);
});

let entry: HttpEntry;
let base: string;

beforeAll(async () => {
  // The platform's entry (handleHttpRequest): /raw answers like the fast routes, anything else goes to "Next".
  entry = await startHttpEntry(
    () => nextRoute,
    (req, res) => {
      if (req.url !== "/raw") return false;
      sendError(res, failure(clientAddressOf(req)), localeOf(req), requestIdOf(req));
      return true;
    },
  );
  base = entry.base;
});

afterAll(() => entry.close());

/** The security headers as every answer must carry them, the CSP's per-request nonce blanked. */
const withoutNonce = (headers: Record<string, string | null>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value?.replace(/'nonce-[^']+'/g, "'nonce-*'") ?? null]));
const EXPECTED_SECURITY = withoutNonce(securityHeaders("n", securitySettingsOf(getConfig())));

async function both(headers: Record<string, string>) {
  const answers = [];
  for (const path of ["/raw", "/next"]) {
    const response = await fetch(`${base}${path}`, { method: "POST", headers });
    answers.push({
      status: response.status,
      json: (await response.json()) as { error: { code: string; message: string; details?: unknown } },
      requestId: response.headers.get("x-request-id"),
      security: withoutNonce(Object.fromEntries(Object.keys(EXPECTED_SECURITY).map((name) => [name, response.headers.get(name)]))),
    });
  }
  return answers as [(typeof answers)[number], (typeof answers)[number]];
}

describe("the raw fast routes and the Next route wrapper answer the same", () => {
  it("an AppError: same status, JSON in the caller's language, request id and security headers", async () => {
    failure = () => new ConflictError("errors.conflict", { nextSlots: [] }, "SLOT_TAKEN");
    const [raw, next] = await both({ cookie: "locale=en", "x-request-id": "req-42.a:b" });
    expect(raw).toEqual(next);
    expect(raw).toMatchObject({ status: 409, requestId: "req-42.a:b", json: { error: { code: "SLOT_TAKEN", details: { nextSlots: [] } } } });
    expect(raw.json.error.message).toMatch(/[A-Za-z]/);
    expect(raw.security).toEqual(EXPECTED_SECURITY);
  });

  it("a request id that is not a plain token is replaced by a fresh one, never echoed", async () => {
    failure = () => new ValidationError();
    for (const bad of ["<script>alert(1)</script>", "a".repeat(101), "has space"]) {
      const [raw, next] = await both({ "x-request-id": bad });
      for (const answer of [raw, next]) {
        expect(answer.requestId).not.toBe(bad);
        expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
      }
      expect({ ...raw, requestId: "" }).toEqual({ ...next, requestId: "" });
    }
  });

  it("an unknown error: 500 INTERNAL naming the request id, nothing of the error itself", async () => {
    failure = () => new Error("connection string postgres://secret");
    const [raw, next] = await both({ "x-request-id": "req-500" });
    expect(raw).toEqual(next);
    expect(raw).toMatchObject({ status: 500, json: { error: { code: "INTERNAL" } } });
    expect(raw.json.error.message).toContain("req-500");
    expect(JSON.stringify(raw.json)).not.toContain("secret");
  });

  it("the client address is the connection's peer on both, whatever X-Forwarded-For or the stamp header claim", async () => {
    failure = (address) => new ValidationError("errors.validation", { address });
    const [raw, next] = await both({ "x-request-id": "req-ip", "x-forwarded-for": "203.0.113.9", "x-platform-client-address": "203.0.113.9" });
    expect(raw).toEqual(next);
    expect(raw.json.error.details).toEqual({ address: "127.0.0.1" });
  });
});

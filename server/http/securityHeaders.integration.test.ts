/**
 * Issue 10: the raw fast routes (booking, terminal verification) and the entry's own error
 * answers sent none of the security headers and no response had a Content-Security-Policy. Here
 * through the platform's entry (handleHttpRequest, as server/index.ts runs it) with its real fast
 * routes, a "Next" route behind it, and socket.io on an HTTP server of its own.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoute } from "@/app/_lib/api";
import { signedInSession } from "@/server/auth/testing";
import { getConfig } from "@/server/config";
import { makeWorld, type World } from "@/server/consultation/testing";
import { getDb } from "@/server/db/client";
import { getPlatform } from "@/server/platform";
import { closeSocketServer, createSocketServer } from "@/server/realtime/socketServer";
import { useTestDatabase } from "@/test/db";
import { startHttpEntry, type HttpEntry } from "@/test/httpEntry";
import { VERIFY_PATH } from "./fastRoutes";
import { securityHeaders, securitySettingsOf } from "./securityHeaders";

const OWN_ORIGIN = getConfig().publicOrigins[0] as string;
/** What every answer must carry: the builder's header names and values, the nonce aside. */
const EXPECTED = Object.entries(securityHeaders("NONCE", securitySettingsOf(getConfig())));

let entry: HttpEntry;
let world: World;
/** The Content-Security-Policy request header the "Next" route saw (Next takes its nonce from it). */
let seenByNext: string | null = null;

const nextRoute = apiRoute({ access: { public: "the security headers test" } }, async ({ request }) => {
  seenByNext = request.headers.get("content-security-policy");
  return { ok: true };
});

beforeAll(async () => {
  await useTestDatabase();
  world = await makeWorld(getDb());
  entry = await startHttpEntry((req) => (req.url === "/next" ? nextRoute : undefined));
});

afterAll(() => entry.close());

function nonceOf(policy: string | null): string | undefined {
  return /'nonce-([^']+)'/.exec(policy ?? "")?.[1];
}

/** Every expected header with its value, the policy's nonce put back for the comparison. */
function expectSecurityHeaders(response: Response): string {
  const policy = response.headers.get("content-security-policy");
  const nonce = nonceOf(policy);
  expect(nonce, `a nonce in ${policy}`).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  for (const [name, value] of EXPECTED) expect(response.headers.get(name), name).toBe(value.replaceAll("NONCE", nonce as string));
  return nonce as string;
}

describe("the security headers on every answer of the entry", () => {
  it("the terminal verification fast route, refusing an unknown terminal (401)", async () => {
    const response = await fetch(`${entry.base}${VERIFY_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer no-such-terminal" },
      body: JSON.stringify({ terminalId: "X", step: "REGISTRATION", code: "x" }),
    });
    expect(response.status).toBe(401);
    expectSecurityHeaders(response);
  });

  it("the booking fast route: without a session (401) and with a body that is not JSON (400)", async () => {
    const url = `${entry.base}/api/consultations/${world.institutionId}/book`;
    const anonymous = await fetch(url, { method: "POST", headers: { "content-type": "application/json", origin: OWN_ORIGIN }, body: "{}" });
    expect(anonymous.status).toBe(401);
    expectSecurityHeaders(anonymous);
    const { cookie } = await signedInSession(world.coordinator.id);
    const malformed = await fetch(url, { method: "POST", headers: { "content-type": "application/json", origin: OWN_ORIGIN, cookie }, body: "{not json" });
    expect(malformed.status).toBe(400);
    expectSecurityHeaders(malformed);
  });

  it("the entry's own refusals: a body over the limit (413) and a cross-site state change (403)", async () => {
    const tooLarge = await fetch(`${entry.base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: OWN_ORIGIN },
      body: "x".repeat(64 * 1024),
    });
    expect(tooLarge.status).toBe(413);
    expectSecurityHeaders(tooLarge);
    const crossSite = await fetch(`${entry.base}/next`, { method: "POST", headers: { origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    expectSecurityHeaders(crossSite);
  });

  it("a Next route, and unknown paths: Next is handed the same policy, so its scripts get the response's nonce", async () => {
    const answer = await fetch(`${entry.base}/next`);
    expect(answer.status).toBe(200);
    const nonce = expectSecurityHeaders(answer);
    expect(nonceOf(seenByNext)).toBe(nonce);
    const missing = await fetch(`${entry.base}/no-such-page`);
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
  });

  it("a client's own Content-Security-Policy request header never reaches Next", async () => {
    const answer = await fetch(`${entry.base}/next`, { headers: { "content-security-policy": "script-src 'nonce-chosenbytheclient'" } });
    expect(nonceOf(seenByNext)).toBe(expectSecurityHeaders(answer));
    expect(seenByNext).not.toContain("chosenbytheclient");
  });

  it("a fresh nonce for every answer", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 5; i++) nonces.add(expectSecurityHeaders(await fetch(`${entry.base}/next`)));
    expect(nonces.size).toBe(5);
  });
});

describe("socket.io's own answers", () => {
  let http: HttpServer;
  let closeIo: () => Promise<void>;

  beforeAll(async () => {
    http = createServer();
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const io = await createSocketServer(http, getPlatform().authSecret, { publicOrigins: [OWN_ORIGIN] });
    closeIo = () => closeSocketServer(io);
  });

  afterAll(async () => {
    await closeIo();
    http.close();
  });

  it("the polling handshake carries the security headers", async () => {
    const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/socket.io/?EIO=4&transport=polling`);
    expect(response.status).toBe(200);
    expectSecurityHeaders(response);
  });

  it("so do engine.io's own refusals: an unknown session id (400), an unknown transport (400), another site's handshake (403)", async () => {
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/socket.io/`;
    const unknownSid = await fetch(`${base}?EIO=4&transport=polling&sid=no-such-session`);
    expect(unknownSid.status).toBe(400);
    expect(await unknownSid.json()).toMatchObject({ code: 1, message: "Session ID unknown" });
    expectSecurityHeaders(unknownSid);
    const unknownTransport = await fetch(`${base}?EIO=4&transport=carrier-pigeon`);
    expect(unknownTransport.status).toBe(400);
    expectSecurityHeaders(unknownTransport);
    const crossSite = await fetch(`${base}?EIO=4&transport=polling`, { headers: { origin: "https://evil.example", cookie: "next-auth.session-token=x" } });
    expect(crossSite.status).toBe(403);
    expectSecurityHeaders(crossSite);
  });
});

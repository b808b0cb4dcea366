import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { loadConfig } from "@/server/config";
import { applySecurityHeaders, contentSecurityPolicy, newNonce, securityHeaders, securitySettingsOf, type SecuritySettings } from "./securityHeaders";

const HTTP: SecuritySettings = { secureTransport: false, development: false, publicOrigins: ["http://localhost:3000"] };
const HTTPS: SecuritySettings = { secureTransport: true, development: false, publicOrigins: ["https://portal.example.cn"] };

/** The policy's directives by name, each with its sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((part) => part.trim().split(/\s+/)).map(([name = "", ...sources]) => [name, sources]));
}

describe("the Content-Security-Policy", () => {
  it("lets scripts run only with the response's nonce and what they load, never inline or eval", () => {
    const policy = directives(contentSecurityPolicy("abc123==", HTTP));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'nonce-abc123=='"]);
    for (const directive of ["script-src", "style-src", "default-src"]) {
      expect(policy.get(directive)).not.toContain("'unsafe-inline'");
      expect(policy.get(directive)).not.toContain("'unsafe-eval'");
    }
  });

  it("refuses plugins, framing, foreign base URLs and foreign form targets", () => {
    const policy = directives(contentSecurityPolicy("n", HTTP));
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'", "http://localhost:3000"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
  });

  it("allows the own origin's API and socket.io WebSocket, data: QR images and blob: previews", () => {
    const policy = directives(contentSecurityPolicy("n", HTTPS));
    expect(policy.get("connect-src")).toEqual(["'self'", "https://portal.example.cn", "wss://portal.example.cn"]);
    expect(directives(contentSecurityPolicy("n", HTTP)).get("connect-src")).toEqual(["'self'", "http://localhost:3000", "ws://localhost:3000"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(policy.get("media-src")).toEqual(["'self'", "blob:"]);
  });

  it("upgrades insecure requests over https only (on http://localhost it would break every request)", () => {
    expect(directives(contentSecurityPolicy("n", HTTPS)).has("upgrade-insecure-requests")).toBe(true);
    expect(directives(contentSecurityPolicy("n", HTTP)).has("upgrade-insecure-requests")).toBe(false);
  });

  it("relaxes only what Next's development server needs, and only there", () => {
    const policy = directives(contentSecurityPolicy("n", { ...HTTP, development: true }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-n'", "'strict-dynamic'", "'unsafe-eval'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });
});

describe("the security headers", () => {
  it("carry HSTS for a year with subdomains when PUBLIC_URL is https, and none on plain http", () => {
    const https = securitySettingsOf(loadConfig({ PUBLIC_URL: "https://portal.example.cn", NODE_ENV: "production" }));
    expect(securityHeaders("n", https)["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    const http = securitySettingsOf(loadConfig({ NODE_ENV: "production" }));
    expect(securityHeaders("n", http)).not.toHaveProperty("Strict-Transport-Security");
    expect(http.secureTransport).toBe(false);
  });

  it("always forbid sniffing and framing and keep the camera to the platform", () => {
    expect(securityHeaders("n", HTTP)).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "same-origin",
      "Permissions-Policy": "camera=(self), microphone=(self), display-capture=(self)",
    });
  });

  it("a nonce is 128 random bits, different every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => newNonce()));
    expect(nonces.size).toBe(1000);
    for (const nonce of [...nonces].slice(0, 20)) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("are put on the response, and the policy on the request for Next, replacing what the client sent", () => {
    const set: Record<string, string> = {};
    const res = { setHeader: (name: string, value: string) => (set[name] = value) } as unknown as ServerResponse;
    const req = { headers: { "content-security-policy": "script-src 'nonce-chosen-by-client'", "content-security-policy-report-only": "x" } } as unknown as IncomingMessage;
    const nonce = applySecurityHeaders(req, res, HTTP);
    expect(set["Content-Security-Policy"]).toContain(`'nonce-${nonce}'`);
    expect(req.headers["content-security-policy"]).toBe(set["Content-Security-Policy"]);
    expect(req.headers["content-security-policy-report-only"]).toBeUndefined();
    expect(Object.keys(set).sort()).toEqual(Object.keys(securityHeaders(nonce, HTTP)).sort());
  });
});

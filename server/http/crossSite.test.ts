import { describe, expect, it } from "vitest";
import { parseTrustedProxies, type TrustedProxies } from "@/server/config";
import { clientAddressFrom, contentTypeRefusal, crossSiteVerdict, socketHandshakeVerdict } from "./boundary";

const ORIGINS = ["https://portal.example.cn"];
const SESSION = "next-auth.session-token=abc; locale=en";

function verdict(method: string, headers: Record<string, string>, options: { bearerRoute?: boolean } = {}) {
  return crossSiteVerdict({ method, headers }, ORIGINS, options).allowed;
}

describe("cross-site state changes (crossSiteVerdict)", () => {
  it.each([
    // [what, method, headers, allowed]
    ["a GET from anywhere", "GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site", cookie: SESSION }, true],
    ["HEAD and OPTIONS", "OPTIONS", { origin: "https://evil.example", cookie: SESSION }, true],
    ["Sec-Fetch-Site same-origin", "POST", { "sec-fetch-site": "same-origin", origin: "https://portal.example.cn", cookie: SESSION }, true],
    ["same-origin without Origin (a same-origin fetch may omit it)", "PUT", { "sec-fetch-site": "same-origin", cookie: SESSION }, true],
    ["Sec-Fetch-Site none: the person started it (reload, bookmark)", "POST", { "sec-fetch-site": "none", cookie: SESSION }, true],
    ["Sec-Fetch-Site none with a foreign Origin", "POST", { "sec-fetch-site": "none", origin: "https://evil.example", cookie: SESSION }, false],
    ["Sec-Fetch-Site cross-site", "POST", { "sec-fetch-site": "cross-site", origin: "https://evil.example", cookie: SESSION }, false],
    ["Sec-Fetch-Site same-site (a sibling sub-domain is another party)", "POST", { "sec-fetch-site": "same-site", origin: "https://evil.example.cn", cookie: SESSION }, false],
    ["cross-site without Origin", "DELETE", { "sec-fetch-site": "cross-site", cookie: SESSION }, false],
    ["no Fetch Metadata, Origin is the public origin", "POST", { origin: "https://portal.example.cn", cookie: SESSION }, true],
    ["no Fetch Metadata, foreign Origin", "PATCH", { origin: "https://evil.example", cookie: SESSION }, false],
    ["Origin null (sandboxed frame, data: page)", "POST", { origin: "null", cookie: SESSION }, false],
    ["Origin differs by port", "POST", { origin: "https://portal.example.cn:8443", cookie: SESSION }, false],
    ["neither header, session cookie", "POST", { cookie: SESSION }, false],
    ["neither header, secure-prefixed session cookie", "POST", { cookie: "__Secure-next-auth.session-token=abc" }, false],
    ["neither header, next-auth CSRF cookie (sign-in)", "POST", { cookie: "next-auth.csrf-token=abc" }, false],
    ["neither header, no cookie (curl, a server)", "POST", {}, true],
    ["neither header, only the locale cookie", "POST", { cookie: "locale=en" }, true],
  ] as const)("%s → allowed: %s", (_what, method, headers, allowed) => {
    expect(verdict(method, headers)).toBe(allowed);
  });

  it("a bearer-authenticated route (the terminal API) is not asked, whatever it carries", () => {
    expect(verdict("POST", { origin: "https://evil.example", cookie: SESSION }, { bearerRoute: true })).toBe(true);
  });

  it("the method's case does not matter", () => {
    expect(verdict("post", { origin: "https://evil.example" })).toBe(false);
  });

  it("socket.io handshakes: a foreign origin is refused, a non-browser client without Origin is not", () => {
    expect(socketHandshakeVerdict({ origin: "https://evil.example", cookie: SESSION }, ORIGINS).allowed).toBe(false);
    expect(socketHandshakeVerdict({ "sec-fetch-site": "cross-site", cookie: SESSION }, ORIGINS).allowed).toBe(false);
    expect(socketHandshakeVerdict({ origin: "https://portal.example.cn", cookie: SESSION }, ORIGINS).allowed).toBe(true);
    expect(socketHandshakeVerdict({ "sec-fetch-site": "same-origin", cookie: SESSION }, ORIGINS).allowed).toBe(true);
    expect(socketHandshakeVerdict({ cookie: SESSION }, ORIGINS).allowed).toBe(true);
  });
});

describe("the content type a route reads (contentTypeRefusal)", () => {
  const refusal = (method: string, contentType: string | null, contentLength: string | null, expected: "json" | "multipart" = "json") =>
    contentTypeRefusal(method, { contentType, contentLength, transferEncoding: null }, expected);

  it("JSON routes take application/json (any parameters), nothing else", () => {
    expect(refusal("POST", "application/json", "12")).toBeNull();
    expect(refusal("PUT", "Application/JSON; charset=utf-8", "12")).toBeNull();
    for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      expect(refusal("POST", type, "12")).toMatchObject({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE", params: { expected: "application/json" } });
    }
  });

  it("a body without a content type is refused; no body at all passes; safe methods are not asked", () => {
    expect(refusal("POST", null, "12")?.status).toBe(415);
    expect(contentTypeRefusal("POST", { contentType: null, contentLength: null, transferEncoding: "chunked" }, "json")?.status).toBe(415);
    expect(refusal("POST", null, "0")).toBeNull();
    expect(refusal("DELETE", null, null)).toBeNull();
    expect(refusal("GET", "text/plain", "12")).toBeNull();
  });

  it("upload routes take multipart/form-data only", () => {
    expect(refusal("POST", "multipart/form-data; boundary=----x", "100", "multipart")).toBeNull();
    expect(refusal("POST", "application/json", "100", "multipart")?.status).toBe(415);
    expect(refusal("POST", "text/plain", "100", "multipart")?.status).toBe(415);
  });
});

describe("TRUSTED_PROXIES and X-Forwarded-For (clientAddressFrom)", () => {
  const trusted = (list: string) => parseTrustedProxies(list) as TrustedProxies;
  const none = trusted("");

  it("without trusted proxies X-Forwarded-For is ignored: the address is the TCP peer's", () => {
    expect(clientAddressFrom("203.0.113.9", "1.2.3.4", none)).toBe("203.0.113.9");
    expect(clientAddressFrom("::ffff:203.0.113.9", undefined, none)).toBe("203.0.113.9");
    expect(clientAddressFrom(undefined, "1.2.3.4", none)).toBeNull();
  });

  it("from an untrusted peer X-Forwarded-For is ignored even when proxies are configured", () => {
    expect(clientAddressFrom("198.51.100.7", "1.2.3.4", trusted("10.0.0.0/8"))).toBe("198.51.100.7");
  });

  it("from a trusted proxy: the right-most address that is not itself a trusted proxy", () => {
    const proxies = trusted("10.0.0.0/8, 192.168.1.1, ::1");
    expect(clientAddressFrom("10.0.0.5", "203.0.113.9", proxies)).toBe("203.0.113.9");
    // The client invented the left-most entries; the proxies appended the rest.
    expect(clientAddressFrom("::ffff:10.0.0.5", "6.6.6.6, 203.0.113.9, 192.168.1.1", proxies)).toBe("203.0.113.9");
    expect(clientAddressFrom("::1", ["6.6.6.6, 203.0.113.9", "10.1.2.3"], proxies)).toBe("203.0.113.9");
    // Only proxies in the chain: the left-most of them.
    expect(clientAddressFrom("10.0.0.5", "10.0.0.7", proxies)).toBe("10.0.0.7");
    // Garbage stops the walk at the last good hop.
    expect(clientAddressFrom("10.0.0.5", "not-an-ip", proxies)).toBe("10.0.0.5");
    expect(clientAddressFrom("10.0.0.5", undefined, proxies)).toBe("10.0.0.5");
  });

  it("parses IPs and CIDRs of both families and refuses anything else", () => {
    expect(trusted("127.0.0.1").has("::ffff:127.0.0.1")).toBe(true);
    expect(trusted("fd00::/8").has("fd12::1")).toBe(true);
    expect(trusted("fd00::/8").has("fe80::1")).toBe(false);
    for (const bad of ["10.0.0.0/33", "example.com", "10.0.0.1/8/2", "10.0.0.0/x"]) expect(parseTrustedProxies(bad)).toBeNull();
  });
});

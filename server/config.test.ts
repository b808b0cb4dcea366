import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

// Next's types make NODE_ENV required in ProcessEnv; these tests pass only what they mean to set.
const env = (vars: Record<string, string> = {}) => vars as NodeJS.ProcessEnv;

describe("LOG_LEVEL", () => {
  it("defaults to info (warn under test), takes the documented levels and refuses others naming the variable", () => {
    expect(loadConfig(env()).logLevel).toBe("info");
    expect(loadConfig(env({ NODE_ENV: "test" })).logLevel).toBe("warn");
    for (const level of ["debug", "info", "warn", "error"]) expect(loadConfig(env({ LOG_LEVEL: level })).logLevel).toBe(level);
    expect(() => loadConfig(env({ LOG_LEVEL: "verbose" }))).toThrowError(ConfigError);
    expect(() => loadConfig(env({ LOG_LEVEL: "verbose" }))).toThrowError(/LOG_LEVEL/);
  });
});

describe("TRUSTED_PROXIES and the public origins", () => {
  it("defaults to no trusted proxy; takes IPs and CIDRs; refuses anything else naming the variable", () => {
    expect(loadConfig(env()).trustedProxies.entries).toEqual([]);
    expect(loadConfig(env()).trustedProxies.has("127.0.0.1")).toBe(false);
    const config = loadConfig(env({ TRUSTED_PROXIES: "10.0.0.0/8, ::1" }));
    expect(config.trustedProxies.entries).toEqual(["10.0.0.0/8", "::1"]);
    expect(config.trustedProxies.has("10.2.3.4")).toBe(true);
    expect(() => loadConfig(env({ TRUSTED_PROXIES: "proxy.internal" }))).toThrowError(/TRUSTED_PROXIES/);
  });

  it("the public origins are PUBLIC_URL's (or the default address's) and NEXTAUTH_URL's", () => {
    expect(loadConfig(env({ PORT: "3100" })).publicOrigins).toEqual(["http://localhost:3100"]);
    expect(loadConfig(env({ PUBLIC_URL: "https://portal.example.cn/app", NEXTAUTH_URL: "https://portal.example.cn/app" })).publicOrigins).toEqual(["https://portal.example.cn"]);
    expect(loadConfig(env({ PUBLIC_URL: "https://a.example", NEXTAUTH_URL: "https://b.example" })).publicOrigins).toEqual(["https://a.example", "https://b.example"]);
  });
});

describe("QR_CODE_STEPS and QR_STATIC_PER_TERMINAL_PER_MINUTE", () => {
  it("by default take a static code only for identification; name steps either way, * for the rest; refuse nonsense naming the variable", () => {
    const defaults = loadConfig(env());
    expect(["identification", "IDENTIFICATION"].map((step) => defaults.qrSteps.requiresDynamic(step))).toEqual([false, false]);
    expect(["registration", "visit", "records", "payment", "x"].every((step) => defaults.qrSteps.requiresDynamic(step))).toBe(true);
    expect(defaults.QR_STATIC_PER_TERMINAL_PER_MINUTE).toBe(30);
    const custom = loadConfig(env({ QR_CODE_STEPS: "pharmacy:static, records:dynamic, *:static", QR_STATIC_PER_TERMINAL_PER_MINUTE: "5" }));
    expect(["pharmacy", "records", "triage"].map((step) => custom.qrSteps.requiresDynamic(step))).toEqual([false, true, false]);
    expect(custom.QR_STATIC_PER_TERMINAL_PER_MINUTE).toBe(5);
    expect(loadConfig(env({ QR_CODE_STEPS: "pharmacy:static" })).qrSteps.requiresDynamic("triage")).toBe(true);
    for (const bad of ["pharmacy", "pharmacy:maybe", "a:static,a:dynamic", "bad step:static"]) expect(() => loadConfig(env({ QR_CODE_STEPS: bad }))).toThrowError(/QR_CODE_STEPS/);
  });
});

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

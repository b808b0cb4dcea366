import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("LOG_LEVEL", () => {
  it("defaults to info (warn under test), takes the documented levels and refuses others naming the variable", () => {
    expect(loadConfig({}).logLevel).toBe("info");
    expect(loadConfig({ NODE_ENV: "test" }).logLevel).toBe("warn");
    for (const level of ["debug", "info", "warn", "error"]) expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
    expect(() => loadConfig({ LOG_LEVEL: "verbose" })).toThrowError(ConfigError);
    expect(() => loadConfig({ LOG_LEVEL: "verbose" })).toThrowError(/LOG_LEVEL/);
  });
});

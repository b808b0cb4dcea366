import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "./errors";
import { createLogger, log, REDACTED, setLogLevel, type LogLevel } from "./log";

function capture(level: LogLevel = "debug") {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ app: "test" }, stream, level) };
}

describe("log", () => {
  afterEach(() => {
    setLogLevel("warn");
    vi.restoreAllMocks();
  });

  it("writes one JSON line with time, level, message, bindings and fields", () => {
    const { lines, logger } = capture();
    logger.child({ module: "booking" }).info("booked", { consultationId: "c1", count: 2 });
    expect(lines).toEqual([{ time: expect.any(String), level: "info", app: "test", module: "booking", consultationId: "c1", count: 2, msg: "booked" }]);
    expect(Number.isNaN(Date.parse(lines[0]!.time as string))).toBe(false);
  });

  it("redacts secrets and personal data by path, top level and one level down, but keeps messageKey and dedupeKey", () => {
    const { lines, logger } = capture();
    logger.child({ token: "bound-secret" }).warn("login", {
      password: "hunter2",
      authorization: "Bearer abc",
      cookie: "next-auth.session-token=abc",
      documentNumber: "110101199003071234",
      phone: "13800138000",
      idNumber: "X1",
      user: { password: "p", phone: "139", secretKey: "s", name: "王医生" },
      headers: { authorization: "Bearer xyz", cookie: "a=b", "set-cookie": "c=d", accept: "*/*" },
      messageKey: "healthCard.terminal.notFound",
      dedupeKey: "reminder:c1:24h",
      keyVersion: 3,
    });
    const [line] = lines;
    expect(line).toMatchObject({
      token: REDACTED,
      password: REDACTED,
      authorization: REDACTED,
      cookie: REDACTED,
      documentNumber: REDACTED,
      phone: REDACTED,
      idNumber: REDACTED,
      user: { password: REDACTED, phone: REDACTED, secretKey: REDACTED, name: "王医生" },
      headers: { authorization: REDACTED, cookie: REDACTED, "set-cookie": REDACTED, accept: "*/*" },
      messageKey: "healthCard.terminal.notFound",
      dedupeKey: "reminder:c1:24h",
      keyVersion: 3,
    });
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|Bearer|110101199003071234|13800138000|bound-secret/);
  });

  it("logs an error field with its message and stack, and an AppError with its code and message key", () => {
    const { lines, logger } = capture();
    logger.error("failed", { error: new Error("disk full") });
    logger.error("refused", { error: new AppError("NOT_FOUND", "healthCard.terminal.notFound", { publicCode: "TERMINAL_NOT_FOUND" }) });
    expect(lines[0]!.error).toMatchObject({ type: "Error", message: "disk full", stack: expect.stringContaining("disk full") });
    expect(lines[1]!.error).toMatchObject({ code: "TERMINAL_NOT_FOUND", messageKey: "healthCard.terminal.notFound", stack: expect.any(String) });
  });

  it("drops lines below the level", () => {
    const { lines, logger } = capture("warn");
    logger.debug("noise");
    logger.info("noise");
    logger.warn("kept");
    expect(lines.map((line) => line.msg)).toEqual(["kept"]);
  });

  it("setLogLevel changes loggers handed out before the call; warnings go to stderr, the rest to stdout", () => {
    const child = log.child({ module: "early" });
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    setLogLevel("error");
    child.info("hidden");
    child.warn("hidden");
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
    setLogLevel("debug");
    child.debug("shown");
    child.warn("shown too");
    expect(out).toHaveBeenCalledTimes(1);
    expect(err).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(out.mock.calls[0]![0]))).toMatchObject({ level: "debug", app: "rmp", module: "early", msg: "shown" });
    expect(JSON.parse(String(err.mock.calls[0]![0]))).toMatchObject({ level: "warn", msg: "shown too" });
  });

  it("a second copy of the module (Next's bundle) shares the root, so setLogLevel reaches its loggers", async () => {
    setLogLevel("info");
    vi.resetModules();
    const second = await import("./log");
    expect(second.currentLogLevel()).toBe("info");
    setLogLevel("error");
    expect(second.currentLogLevel()).toBe("error");
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    second.log.info("hidden");
    expect(out).not.toHaveBeenCalled();
  });
});

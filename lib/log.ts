/**
 * The platform's one logger, on pino: a JSON line per event on stdout (stderr for warnings and
 * errors), so log shippers can index fields. Values at the paths in REDACTED_PATHS (secrets and
 * personal data, at the top level or one level down) are replaced before anything is written.
 *
 * Call it as `logger.info(message, fields)`; `log.child({ module })` adds fields to every line.
 * The level is set once by start-up code (`setLogLevel`); this module reads no environment.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Field names that never reach a log line; each is redacted at the top level and one level down. */
const REDACTED_FIELDS = [
  "password",
  "passwordHash",
  "newPassword",
  "currentPassword",
  "secret",
  "clientSecret",
  "token",
  "accessToken",
  "refreshToken",
  "sessionToken",
  "joinToken",
  "authorization",
  "cookie",
  "apiKey",
  "privateKey",
  "secretKey",
  "signingKey",
  "documentNumber",
  "docNumber",
  "idNumber",
  "phone",
  "phoneNumber",
] as const;

export const REDACTED_PATHS: readonly string[] = [
  ...REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`]),
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
  "*.headers.authorization",
  "*.headers.cookie",
];

export const REDACTED = "[redacted]";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

/**
 * Fields every line written inside `withLogContext` carries: the request id of the HTTP request,
 * socket message or SFU event being handled, so one id follows a request across HTTP, socket.io
 * and the SFU. On globalThis for the same reason as the root logger below (two module graphs).
 */
export interface LogContext {
  requestId: string;
  [field: string]: string;
}
const CONTEXT_KEY = Symbol.for("rmp.log.context");
const contextHolder = globalThis as typeof globalThis & { [CONTEXT_KEY]?: AsyncLocalStorage<LogContext> };
const contextStore = (contextHolder[CONTEXT_KEY] ??= new AsyncLocalStorage<LogContext>());

/** Runs `work` with `context` on every log line written inside it, however deep the async calls go. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return contextStore.run(context, work);
}

/** The context of the work now running (withLogContext), if any. */
export function currentLogContext(): LogContext | undefined {
  return contextStore.getStore();
}

/** The pino options of the platform, exported so a test can write to its own stream. */
export function loggerOptions(level: LogLevel = "info"): pino.LoggerOptions {
  return {
    level,
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // An error passed as a field keeps its message and stack (and its code, for AppErrors).
    serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    // A field given at the call wins over the context's (pino merges the mixin's first).
    mixin: () => contextStore.getStore() ?? {},
  };
}

function consoleStreams(): pino.MultiStreamRes {
  return pino.multistream(
    [
      { level: "debug", stream: process.stdout },
      { level: "warn", stream: process.stderr },
    ],
    { dedupe: true },
  );
}

function wrap(target: pino.Logger): Logger {
  const at =
    (level: LogLevel) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (fields) target[level](fields, msg);
      else target[level](msg);
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (bindings) => wrap(target.child(bindings)),
  };
}

/** A logger on its own pino instance (tests pass a destination stream). */
export function createLogger(bindings: Record<string, unknown> = {}, destination?: pino.DestinationStream, level?: LogLevel): Logger {
  return wrap(pino(loggerOptions(level), destination ?? consoleStreams()).child(bindings));
}

// Children are created from this root without a level of their own, so they inherit the root's
// level through pino's prototype chain: setLogLevel changes every logger already handed out.
// The custom server and Next's bundled route code load this module twice (two module graphs in
// one process), so the root lives on globalThis: LOG_LEVEL, set once at start-up, then reaches
// the loggers of route handlers and pages too. The logger exists before the platform is built
// (configuration errors are logged), which is why it is not part of the platform.
const ROOT_KEY = Symbol.for("rmp.log.root");
const holder = globalThis as typeof globalThis & { [ROOT_KEY]?: pino.Logger };
const root = (holder[ROOT_KEY] ??= pino(loggerOptions("info"), consoleStreams()));

export const log: Logger = wrap(root.child({ app: "rmp" }));

/** Called by the start-up code with the configured LOG_LEVEL. */
export function setLogLevel(level: LogLevel): void {
  root.level = level;
}

/** The level every logger of the process writes at. */
export function currentLogLevel(): string {
  return root.level;
}

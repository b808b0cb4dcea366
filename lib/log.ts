/**
 * The platform's one logger: a JSON line per event on stdout (stderr for warnings and errors),
 * so log shippers can index fields. Values under keys that look like secrets or personal data
 * are replaced before anything is written.
 */
type Level = "debug" | "info" | "warn" | "error";
const LEVEL_ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const REDACTED_KEY = /pass(word)?|secret|token|authorization|cookie|key|phone|idnumber|docnumber|documentnumber/i;

function minimumLevel(): Level {
  const wanted = process.env.LOG_LEVEL as Level | undefined;
  if (wanted && wanted in LEVEL_ORDER) return wanted;
  return process.env.NODE_ENV === "test" ? "warn" : "info";
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = REDACTED_KEY.test(key) ? "[redacted]" : redact(inner, depth + 1);
  }
  return out;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

export function createLogger(bindings: Record<string, unknown> = {}): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[minimumLevel()]) return;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      msg,
      ...(redact(bindings) as object),
      ...(fields ? (redact(fields) as object) : {}),
    });
    if (LEVEL_ORDER[level] >= LEVEL_ORDER.warn) process.stderr.write(line + "\n");
    else process.stdout.write(line + "\n");
  };
  return {
    debug: (msg, fields) => write("debug", msg, fields),
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
    child: (more) => createLogger({ ...bindings, ...more }),
  };
}

export const log = createLogger({ app: "rmp" });

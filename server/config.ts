import { BlockList, isIP } from "node:net";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { LOG_LEVELS, type LogLevel } from "@/lib/log";

/**
 * Configuration is read from the environment once, validated, and then read through
 * `getConfig()`. Secrets are never logged: `describeConfig()` gives a safe summary.
 */
const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

export const DEFAULT_QR_CODE_STEPS = "identification:static,*:dynamic";

const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    // next-auth's own setting; when set it is also an origin the platform answers state changes from.
    NEXTAUTH_URL: z.url().optional(),
    // Reverse proxies whose X-Forwarded-For is believed: comma-separated IPs or CIDRs (10.0.0.0/8, ::1).
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .refine((value) => value === undefined || parseTrustedProxies(value) !== null, "TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
      .optional(),
    // The owner role that runs the migrations; DATABASE_URL is then the application's own role, which
    // may only insert into and read the audit tables (`npm run db:app-role`). Unset: DATABASE_URL does both.
    DATABASE_MIGRATION_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "DATABASE_MIGRATION_URL must start with postgres:// or postgresql://")
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATA_DIR: z.string().default(".data"),
    // Keys and secrets live apart from the data folder, so a copy of the database files (a backup,
    // a disk image) does not carry the keys that decrypt them.
    KEYS_DIR: z.string().default(".keys"),
    SEED_DEMO_DATA: booleanFromEnv.optional(),
    // Signs session cookies, and nothing else (server/keys/secrets.ts lists every key and its use).
    AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
    // Signs video join tokens (server/video/tokens.ts).
    JOIN_TOKEN_SECRET: z.string().min(32, "JOIN_TOKEN_SECRET must be at least 32 characters").optional(),
    // In production every key must be configured unless this allows demo keys generated into KEYS_DIR.
    ALLOW_GENERATED_KEYS: booleanFromEnv.default(false),
    LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
    // Sessions (server/auth/sessions.ts). Idle: minutes without a page or API request (an open
    // video call counts as activity, an open notification bell does not). 30 suits a ward or clinic
    // where a workstation is left between patients; lower it for shared terminals. Max: the
    // absolute lifetime whatever the activity, a long shift plus handover.
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
    LOGIN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(20),
    MEDIASOUP_WORKER_BIN: z.string().optional(),
    SFU_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
    RTC_MIN_PORT: z.coerce.number().int().min(1024).max(65535).default(40000),
    RTC_MAX_PORT: z.coerce.number().int().min(1024).max(65535).default(49999),
    RTC_LISTEN_IP: z.string().default("127.0.0.1"),
    RTC_ANNOUNCED_IP: z.string().optional(),
    // Consultation: SM4 key (32 hex) protecting experts' SM2 private keys; generated into KEYS_DIR when unset.
    SIGNING_KEY_ENCRYPTION_KEY: z.string().regex(/^[0-9a-fA-F]{32}$/, "SIGNING_KEY_ENCRYPTION_KEY must be 32 hex characters").optional(),
    // Job queue (pg-boss): how often each worker looks for work; pg-boss allows 0.5 s at least.
    JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(600).default(5),
    // Audit chain (server/audit/chain.ts): how often each process seals new audit entries.
    AUDIT_SEAL_SECONDS: z.coerce.number().min(0.2).max(60).default(2),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, "REDIS_URL must start with redis://").optional(),
    // Health card: JSON lists of versioned keys (hex); generated into KEYS_DIR when unset.
    HEALTH_CARD_KEYS: z.string().optional(),
    HEALTH_CARD_KEY_VERSION: z.coerce.number().int().min(1).optional(),
    PII_KEYS: z.string().optional(),
    PII_KEY_VERSION: z.coerce.number().int().min(1).optional(),
    // "refuse" once `npm run pii:reencrypt` has rewritten every value: the old unauthenticated format is then an integrity failure.
    PII_LEGACY_FORMAT: z.enum(["read", "refuse"]).default("read"),
    PII_INDEX_KEY: z.string().regex(/^[0-9a-fA-F]{32,128}$/, "PII_INDEX_KEY must be 32-128 hex characters").optional(),
    QR_VALIDITY_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
    // Which QR code each care step of the terminal API needs (server/healthcard/verify.ts):
    // `step:static` (a static code identifies the resident there) or `step:dynamic` (only a fresh,
    // single-use dynamic code), comma-separated; `*` is every step not named. Secure by default:
    // only plain identification takes a static code; registration, visits, records, payment do not.
    QR_CODE_STEPS: z
      .string()
      .default(DEFAULT_QR_CODE_STEPS)
      .refine((value) => parseQrStepPolicy(value) !== null, "QR_CODE_STEPS must be comma-separated step:static or step:dynamic entries (step letters, digits, _ . - or *)"),
    // Static-code verifications one terminal may make per minute (successes count too): a static
    // code never expires, so a terminal that scans them in bulk is refused for the rest of the minute.
    QR_STATIC_PER_TERMINAL_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
    DEVICE_BATCHES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
    // The hospital's SMS gateway (server/notifications/sms.ts): a host can then text a call's guest
    // their link. Unset: links are copied and sent by the hospital's own channel.
    SMS_GATEWAY_URL: z.url().optional(),
    SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
    // GET /metrics (Prometheus, server/http/metricsRoute.ts): a scrape is answered only with this
    // bearer token, or from an address of METRICS_ALLOWED_ADDRESSES (IPs or CIDRs, comma-separated).
    // With neither set every scrape is refused.
    METRICS_TOKEN: z.string().min(32, "METRICS_TOKEN must be at least 32 characters").optional(),
    METRICS_ALLOWED_ADDRESSES: z
      .string()
      .optional()
      .refine((value) => value === undefined || parseTrustedProxies(value) !== null, "METRICS_ALLOWED_ADDRESSES must be comma-separated IP addresses or CIDR ranges"),
    // On SIGTERM: how long requests in flight may take to finish before their connections are cut.
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(120).default(10),
  })
  .refine((c) => c.RTC_MIN_PORT < c.RTC_MAX_PORT, {
    message: "RTC_MIN_PORT must be lower than RTC_MAX_PORT",
    path: ["RTC_MIN_PORT"],
  });

export type RawConfig = z.infer<typeof configSchema>;

export interface Config extends RawConfig {
  dataDir: string;
  keysDir: string;
  embeddedDatabase: boolean;
  seedDemoData: boolean;
  sfuWorkers: number;
  mediasoupWorkerBin: string;
  publicUrl: string;
  /** PUBLIC_URL is https: HSTS and Secure cookies (server/http/securityHeaders.ts, next-auth). */
  secureTransport: boolean;
  /** The origins (scheme://host:port) of PUBLIC_URL and NEXTAUTH_URL: where the platform's own pages run. */
  publicOrigins: string[];
  /** TRUSTED_PROXIES parsed: the addresses whose X-Forwarded-For is honoured. */
  trustedProxies: TrustedProxies;
  /** QR_CODE_STEPS parsed. */
  qrSteps: QrStepPolicy;
  /** METRICS_ALLOWED_ADDRESSES parsed: who may scrape /metrics without the token. */
  metricsAddresses: TrustedProxies;
  logLevel: LogLevel;
}

/** Which code a care step needs; step names compare without case. */
export interface QrStepPolicy {
  readonly entries: readonly string[];
  requiresDynamic(step: string): boolean;
}

export function parseQrStepPolicy(value: string): QrStepPolicy | null {
  const kinds = new Map<string, "static" | "dynamic">();
  const entries = value
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  for (const entry of entries) {
    const match = /^([a-z0-9_.-]{1,32}|\*):(static|dynamic)$/.exec(entry);
    if (!match || kinds.has(match[1] as string)) return null;
    kinds.set(match[1] as string, match[2] as "static" | "dynamic");
  }
  const otherwise = kinds.get("*") ?? "dynamic";
  return { entries, requiresDynamic: (step) => (kinds.get(step.toLowerCase()) ?? otherwise) === "dynamic" };
}

/** One IP or CIDR range of TRUSTED_PROXIES, in a form that needs no parsing per request. */
export interface TrustedProxies {
  readonly entries: readonly string[];
  has(address: string): boolean;
}

/** Strips the IPv4-mapped prefix Node puts on IPv4 peers of a dual-stack socket (::ffff:10.0.0.1). */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

/** TRUSTED_PROXIES as a lookup, or null when an entry is neither an IP address nor a CIDR range. */
export function parseTrustedProxies(value: string): TrustedProxies | null {
  const list = new BlockList();
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    if (family === 0 || extra !== undefined) return null;
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return null;
      list.addSubnet(address, bits, type);
    }
  }
  return {
    entries,
    has(candidate) {
      const address = normalizeAddress(candidate);
      const family = isIP(address);
      return entries.length > 0 && family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

export class ConfigError extends Error {}

let cached: Config | undefined;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const emptyAsUnset = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = configSchema.safeParse(emptyAsUnset);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const raw = parsed.data;
  const root = process.cwd();
  const embeddedDatabase = raw.DATABASE_URL === undefined;
  const publicUrl = raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`;
  return {
    ...raw,
    dataDir: path.resolve(/*turbopackIgnore: true*/ root, raw.DATA_DIR),
    keysDir: path.resolve(/*turbopackIgnore: true*/ root, raw.KEYS_DIR),
    embeddedDatabase,
    seedDemoData: raw.SEED_DEMO_DATA ?? embeddedDatabase,
    sfuWorkers: raw.SFU_WORKERS ?? Math.max(1, os.availableParallelism()),
    mediasoupWorkerBin:
      raw.MEDIASOUP_WORKER_BIN ??
      path.resolve(/*turbopackIgnore: true*/ root, ".vendor/mediasoup-worker/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker"),
    publicUrl,
    secureTransport: new URL(publicUrl).protocol === "https:",
    publicOrigins: [...new Set([publicUrl, raw.NEXTAUTH_URL].filter((url) => url !== undefined).map((url) => new URL(url).origin))],
    trustedProxies: parseTrustedProxies(raw.TRUSTED_PROXIES ?? "") as TrustedProxies,
    qrSteps: parseQrStepPolicy(raw.QR_CODE_STEPS) as QrStepPolicy,
    metricsAddresses: parseTrustedProxies(raw.METRICS_ALLOWED_ADDRESSES ?? "") as TrustedProxies,
    logLevel: raw.LOG_LEVEL ?? (raw.NODE_ENV === "test" ? "warn" : "info"),
  };
}

export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}

/** For tests that change the environment. */
export function resetConfigForTests(): void {
  cached = undefined;
}

/**
 * Libraries that read their settings from the environment and nowhere else: next-auth v4
 * (NEXTAUTH_URL, for its callback addresses) and mediasoup 3.8 (MEDIASOUP_WORKER_BIN, read once
 * when its module loads, set by the SFU loader through exportMediasoupWorkerBin). Set here, from
 * the validated configuration, so the configuration module stays the only one that touches the
 * environment.
 */
export function exportForLibraries(config: Config): void {
  process.env.NEXTAUTH_URL ??= config.publicUrl;
}

/** For the SFU loader: mediasoup reads its worker binary from the environment (see exportForLibraries). */
export function exportMediasoupWorkerBin(binaryPath: string): void {
  process.env.MEDIASOUP_WORKER_BIN = binaryPath;
}

export function describeConfig(config: Config): Record<string, unknown> {
  return {
    env: config.NODE_ENV,
    port: config.PORT,
    database: config.embeddedDatabase ? `embedded PGlite in ${config.dataDir}` : redactUrl(config.DATABASE_URL),
    migrations: config.DATABASE_MIGRATION_URL ? redactUrl(config.DATABASE_MIGRATION_URL) : "as DATABASE_URL",
    sfuWorkers: config.sfuWorkers,
    rtcPorts: `${config.RTC_MIN_PORT}-${config.RTC_MAX_PORT}`,
    rtcListenIp: config.RTC_LISTEN_IP,
    rtcAnnouncedIp: config.RTC_ANNOUNCED_IP ?? null,
    redis: config.REDIS_URL ? redactUrl(config.REDIS_URL) : null,
    trustedProxies: config.trustedProxies.entries,
    qrCodeSteps: config.qrSteps.entries,
    metrics: { token: config.METRICS_TOKEN !== undefined, addresses: config.metricsAddresses.entries },
  };
}

export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "[unparseable url]";
  }
}

/**
 * The platform: everything long-lived that the process shares (configuration, database pools, the
 * Prisma client, the raw stores, the SFU, socket.io, the job queue), built once at start by
 * `buildPlatform` (server/compose.ts) and read through `getPlatform()`.
 *
 * The custom server and Next's bundled route code are separate module graphs in one process, so
 * the built platform is published on globalThis: this is the one such holder (the logger's root,
 * which exists before the platform, is the other: lib/log.ts). Reading it before
 * start-up built it is a programming error and throws, naming what was missing.
 */
import type pg from "pg";
import type { SmsSender } from "./notifications/sms";
import type { AuditSealer } from "./audit/chain";
import type { SessionService } from "./auth/sessions";
import type { Config } from "./config";
import type { Db } from "./db/client";
import type { HealthCardKeys } from "./healthcard/keyStore";
import type { ImportRunner } from "./healthcard/import/runner";
import type { PgVerifyStore } from "./healthcard/verifyStore";
import type { JobRunner } from "./jobs/queue";
import type { SigningKeyProtection } from "./keys/secrets";
import type { Limits } from "./limits";
import type { PlatformMetrics } from "./observability/metrics";
import type { Runtime } from "./runtime";
import type { BookingStore } from "./scheduling/bookingStore";
import type { DeviceReadingStore } from "./record/devicesStore";
import type { VitalAlertNotifier } from "./record/alerts";
import type { RecordPanelProvider } from "./video/recordPanel";

export interface DatabaseConnections {
  url: string;
  embedded: boolean;
  /** The shared pool: Prisma, booking, imports, the job queue (pg-boss). */
  main: pg.Pool;
  /**
   * Terminal verification's pool, with synchronous_commit off (a used code may be forgotten in a
   * crash and then expires anyway). Carved out of DATABASE_POOL_SIZE; the main pool itself when
   * there is only one connection.
   */
  verify: pg.Pool;
  /**
   * Named prepared statements are off on the embedded database: it serves every connection from
   * one session, so two connections preparing the same name collide ("already exists").
   */
  namedStatements: boolean;
  /** Connections of each pool, for the health report and the benchmarks. */
  sizes: { main: number; verify: number };
}

export interface Platform {
  readonly config: Config;
  /** Signs session cookies, and nothing else. */
  readonly authSecret: string;
  /** Signs video join tokens. */
  readonly joinTokenSecret: string;
  /** Protects experts' SM2 private keys at rest (server/consultation/signingKeys.ts). */
  readonly signingKeyProtection: SigningKeyProtection;
  readonly database: DatabaseConnections;
  readonly db: Db;
  /** Server-side sessions: every entry point resolves the session cookie through it (server/auth/sessions.ts). */
  readonly sessions: SessionService;
  readonly bookingStore: BookingStore;
  readonly verifyStore: PgVerifyStore;
  /** The home-device API's one-statement ingest (server/record/devicesStore.ts). */
  readonly deviceReadings: DeviceReadingStore;
  /** Tells the care team of flagged readings, grouped per resident and hour (server/record/alerts.ts). */
  readonly vitalAlerts: VitalAlertNotifier;
  /** Sign-in and terminal verification limits, shared by every process (server/limits.ts). */
  readonly limits: Limits;
  readonly imports: ImportRunner;
  /** pg-boss and its queues (imports, the reminder sweep); started by server/index.ts (tests start it when they need it). */
  readonly jobs: JobRunner;
  /** Chains new audit entries every AUDIT_SEAL_SECONDS (server/audit/chain.ts); started by server/index.ts. */
  readonly auditSealer: AuditSealer;
  /** Loaded on first use (reading or generating the key file); tests may set known keys. */
  healthCardKeys(): HealthCardKeys;
  setHealthCardKeys(keys: HealthCardKeys | undefined): void;
  /** The Prometheus registry and the counters the entry points feed (server/observability/metrics.ts, GET /metrics). */
  readonly metrics: PlatformMetrics;
  /** Set by start-up once each part is running. */
  readonly runtime: Runtime;
  recordPanel?: RecordPanelProvider;
  /** SMS_GATEWAY_URL's sender, or null when none is configured (server/notifications/sms.ts). */
  readonly sms: SmsSender | null;
  close(): Promise<void>;
}

interface PlatformGlobal {
  __rmpPlatform?: Platform;
}
const holder = globalThis as unknown as PlatformGlobal;

export class PlatformNotBuiltError extends Error {
  constructor() {
    super("The platform is not built yet: server/index.ts (or a test's useTestDatabase) builds it before anything uses it");
  }
}

export function getPlatform(): Platform {
  const platform = holder.__rmpPlatform;
  if (!platform) throw new PlatformNotBuiltError();
  return platform;
}

export function hasPlatform(): boolean {
  return holder.__rmpPlatform !== undefined;
}

export function publishPlatform(platform: Platform | undefined): void {
  holder.__rmpPlatform = platform;
}

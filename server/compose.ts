/**
 * The composition root: builds the platform (server/platform.ts) once, from the validated
 * configuration and a reachable, migrated database. server/index.ts calls it at start-up; tests
 * call it through test/db.ts. Nothing else constructs pools, stores or runners.
 */
import { AuditSealer, auditSealQueue } from "./audit/chain";
import { SessionService, sessionPolicyFrom } from "./auth/sessions";
import type { Config } from "./config";
import { consultationRecordPanel } from "./consultation/recordPanel";
import { closeDatabaseConnections, openDatabaseConnections } from "./db/connections";
import { createDb } from "./db/client";
import { ImportRunner } from "./healthcard/import/runner";
import { JobRunner, type JobRunnerOptions } from "./jobs/queue";
import { loadHealthCardKeys, type HealthCardKeys } from "./healthcard/keyStore";
import type { PlatformSecrets } from "./keys/secrets";
import { PgVerifyStore } from "./healthcard/verifyStore";
import { createClient } from "redis";
import { log } from "@/lib/log";
import { buildLimits, postgresLimitStore, redisLimitStore, type LimitStore } from "./limits";
import { smsGateway } from "./notifications/sms";
import { PlatformMetrics } from "./observability/metrics";
import { publishPlatform, type Platform } from "./platform";
import { PgBookingStore } from "./scheduling/bookingStore";
import { VitalAlertNotifier } from "./record/alerts";
import { PgDeviceReadingStore } from "./record/devicesStore";
import { reminderSweepQueue, sweepReminders } from "./scheduling/reminders";
import { sweepTeachingReminders } from "./teaching/reminders";

export interface PlatformInputs {
  config: Config;
  /** Session, join-token and signing-key secrets (server/keys/secrets.ts). */
  secrets: PlatformSecrets;
  /** The database to use: DATABASE_URL, or the embedded server's address. */
  databaseUrl: string;
  embedded: boolean;
  /** Overrides DATABASE_POOL_SIZE (tests use small pools). */
  poolSize?: number;
  /** Overrides the job queue's settings (tests poll faster and send scheduled jobs themselves). */
  jobs?: Partial<JobRunnerOptions>;
}

export function buildPlatform(inputs: PlatformInputs): Platform {
  const { config } = inputs;
  const database = openDatabaseConnections({ url: inputs.databaseUrl, embedded: inputs.embedded, poolSize: inputs.poolSize ?? config.DATABASE_POOL_SIZE });
  let keys: HealthCardKeys | undefined;
  const healthCardKeys = () => (keys ??= loadHealthCardKeys(config));
  const db = createDb(database.main);
  const verifyStore = new PgVerifyStore(database.verify, database.namedStatements);
  // One pg-boss per process, on the shared pool: on the embedded database its one connection.
  const jobs = new JobRunner(database.main, { pollSeconds: config.JOBS_POLL_SECONDS, cron: true, ...inputs.jobs });
  const imports = new ImportRunner(database.main, healthCardKeys, jobs);
  jobs.define(imports.queue());
  // One sweep, one queue: consultations' reminders, then teaching sessions'.
  jobs.define(reminderSweepQueue(db, async (sweptDb) => (await sweepReminders(sweptDb)) + (await sweepTeachingReminders(sweptDb))));
  jobs.define(auditSealQueue(database.main));
  const auditSealer = new AuditSealer(database.main, config.AUDIT_SEAL_SECONDS * 1000);
  const limitStore = openLimitStore(config, database.main, database.namedStatements);
  const limits = buildLimits(
    limitStore.store,
    {
      addressMaxFailures: config.LOGIN_ADDRESS_MAX_FAILURES,
      pairFreeFailures: config.LOGIN_MAX_ATTEMPTS,
      accountFreeFailures: ACCOUNT_FREE_FAILURES,
      windowMinutes: config.LOGIN_LOCK_MINUTES,
      accountSlowdownBaseMs: 250,
    },
    // One audit row per address and minute for bad-token floods (server/healthcard/verify.ts).
    ({ ip, failures, outcomes, windowSeconds }) => verifyStore.audit({ terminalId: null, cardId: null, outcome: "FAILURES_COUNTED", step: null, ip, requestId: "", tally: { failures, outcomes, windowSeconds } }),
    limitStore.close,
    config.QR_STATIC_PER_TERMINAL_PER_MINUTE,
    config.DEVICE_BATCHES_PER_MINUTE,
  );
  const vitalAlerts = new VitalAlertNotifier(db);
  const runtime: Platform["runtime"] = { startedAt: new Date() };
  const metrics = new PlatformMetrics({ runtime: () => runtime, jobs, processMetrics: config.NODE_ENV !== "test" });
  let closed: Promise<void> | undefined;
  const platform: Platform = {
    config,
    authSecret: inputs.secrets.authSecret,
    joinTokenSecret: inputs.secrets.joinTokenSecret,
    signingKeyProtection: inputs.secrets.signingKeyProtection,
    database,
    db,
    sessions: new SessionService(db, sessionPolicyFrom(config)),
    bookingStore: new PgBookingStore(database.main, database.namedStatements),
    verifyStore,
    deviceReadings: new PgDeviceReadingStore(database.main, database.namedStatements),
    vitalAlerts,
    imports,
    jobs,
    auditSealer,
    limits,
    healthCardKeys,
    setHealthCardKeys(next) {
      keys = next;
    },
    metrics,
    runtime,
    recordPanel: consultationRecordPanel,
    sms: config.SMS_GATEWAY_URL ? smsGateway({ url: config.SMS_GATEWAY_URL, token: config.SMS_GATEWAY_TOKEN }) : null,
    close() {
      closed ??= (async () => {
        await jobs.stop();
        await auditSealer.stop();
        await limits.close();
        await imports.idle();
        await vitalAlerts.idle();
        await verifyStore.close();
        await db.$disconnect();
        await closeDatabaseConnections(database);
      })();
      return closed;
    },
  };
  publishPlatform(platform);
  return platform;
}

/** Failures of one account from all addresses (in LOGIN_LOCK_MINUTES) before each attempt on it is slowed. */
const ACCOUNT_FREE_FAILURES = 10;

/** The limits' counters: Redis when REDIS_URL is set (shared by every instance anyway), else the main pool's rate_limit table. */
function openLimitStore(config: Config, pool: import("pg").Pool, namedStatements: boolean): { store: LimitStore; close: () => Promise<void> } {
  if (!config.REDIS_URL) return { store: postgresLimitStore(pool, namedStatements), close: async () => {} };
  const client = createClient({ url: config.REDIS_URL });
  client.on("error", (error: Error) => log.warn("redis (limits) connection problem", { module: "limits", error: error.message }));
  // Commands wait in node-redis's offline queue until the connection is up.
  client.connect().catch((error: unknown) => log.warn("redis (limits) could not connect", { module: "limits", error }));
  return {
    store: redisLimitStore(client),
    close: async () => {
      await client.quit().catch(() => undefined);
    },
  };
}

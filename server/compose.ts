/**
 * The composition root: builds the platform (server/platform.ts) once, from the validated
 * configuration and a reachable, migrated database. server/index.ts calls it at start-up; tests
 * call it through test/db.ts. Nothing else constructs pools, stores or runners.
 */
import { SessionService, sessionPolicyFrom } from "./auth/sessions";
import type { Config } from "./config";
import { consultationRecordPanel } from "./consultation/recordPanel";
import { closeDatabaseConnections, openDatabaseConnections } from "./db/connections";
import { createDb } from "./db/client";
import { ImportRunner } from "./healthcard/import/runner";
import { JobRunner, type JobRunnerOptions } from "./jobs/queue";
import { loadHealthCardKeys, type HealthCardKeys } from "./healthcard/keyStore";
import { PgVerifyStore } from "./healthcard/verifyStore";
import { publishPlatform, type Platform } from "./platform";
import { PgBookingStore } from "./scheduling/bookingStore";
import { reminderSweepQueue } from "./scheduling/reminders";

export interface PlatformInputs {
  config: Config;
  authSecret: string;
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
  jobs.define(reminderSweepQueue(db));
  let closed: Promise<void> | undefined;
  const platform: Platform = {
    config,
    authSecret: inputs.authSecret,
    database,
    db,
    sessions: new SessionService(db, sessionPolicyFrom(config)),
    bookingStore: new PgBookingStore(database.main, database.namedStatements),
    verifyStore,
    imports,
    jobs,
    healthCardKeys,
    setHealthCardKeys(next) {
      keys = next;
    },
    runtime: { startedAt: new Date() },
    recordPanel: consultationRecordPanel,
    close() {
      closed ??= (async () => {
        await jobs.stop();
        await imports.idle();
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

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
import { loadHealthCardKeys, type HealthCardKeys } from "./healthcard/keyStore";
import { PgVerifyStore } from "./healthcard/verifyStore";
import { publishPlatform, type Platform } from "./platform";
import { PgBookingStore } from "./scheduling/bookingStore";

export interface PlatformInputs {
  config: Config;
  authSecret: string;
  /** The database to use: DATABASE_URL, or the embedded server's address. */
  databaseUrl: string;
  embedded: boolean;
  /** Overrides DATABASE_POOL_SIZE (tests use small pools). */
  poolSize?: number;
}

export function buildPlatform(inputs: PlatformInputs): Platform {
  const { config } = inputs;
  const database = openDatabaseConnections({ url: inputs.databaseUrl, embedded: inputs.embedded, poolSize: inputs.poolSize ?? config.DATABASE_POOL_SIZE });
  let keys: HealthCardKeys | undefined;
  const healthCardKeys = () => (keys ??= loadHealthCardKeys(config));
  const db = createDb(database.main);
  const verifyStore = new PgVerifyStore(database.verify, database.namedStatements);
  let closed: Promise<void> | undefined;
  const platform: Platform = {
    config,
    authSecret: inputs.authSecret,
    database,
    db,
    sessions: new SessionService(db, sessionPolicyFrom(config)),
    bookingStore: new PgBookingStore(database.main, database.namedStatements),
    verifyStore,
    imports: new ImportRunner(database.main, healthCardKeys),
    healthCardKeys,
    setHealthCardKeys(next) {
      keys = next;
    },
    runtime: { startedAt: new Date() },
    recordPanel: consultationRecordPanel,
    close() {
      closed ??= (async () => {
        await platform.jobs?.stop();
        await verifyStore.close();
        await platform.imports.idle();
        await db.$disconnect();
        await closeDatabaseConnections(database);
      })();
      return closed;
    },
  };
  publishPlatform(platform);
  return platform;
}

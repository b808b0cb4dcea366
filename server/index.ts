/**
 * The platform's one process: Next.js (pages and API), socket.io and the mediasoup SFU on one
 * HTTP server. Start-up order: configuration (and, in production, every key configured) → port →
 * secrets (server/keys/secrets.ts) → database (embedded PGlite unless DATABASE_URL) → migrations
 * → the platform (server/compose.ts: pools, Prisma, stores) → keys, old signing keys rewrapped →
 * demo data → SFU workers → socket.io → jobs → Next. Anything a person can fix
 * (bad configuration, busy port, unreachable database) ends the process with one clear line.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import next from "next";
import pg from "pg";
import { localeFromCookieHeader } from "@/lib/cookies";
import { translate } from "@/lib/i18n";
import { log, setLogLevel } from "@/lib/log";
import { buildPlatform } from "./compose";
import { ConfigError, describeConfig, exportForLibraries, getConfig, redactUrl, type Config } from "./config";
import { migrateSigningKeys } from "./consultation/signingKeys";
import { EmbeddedDatabaseError, embeddedSocketDir, startEmbeddedDatabase, type EmbeddedDatabase } from "./db/embedded";
import { migrate } from "./db/migrate";
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from "./db/seed";
import { handleHttpRequest } from "./http/fastRoutes";
import { newNonce, securityHeaders, securitySettingsOf } from "./http/securityHeaders";
import { assertKeysConfigured, loadPlatformSecrets } from "./keys/secrets";
import { nextRoutePatterns, routeTable } from "./observability/routes";
import { closeSocketServer, createSocketServer } from "./realtime/socketServer";
import { WorkerPool } from "./sfu/workerPool";
import { startVideoService, type VideoService } from "./video/service";
import { consultationRoomLifecycle } from "./consultation/video";

const logger = log.child({ module: "server" });
const dev = process.argv.includes("--dev");

class StartupError extends Error {}

function fail(message: string): never {
  process.stderr.write(`\n✖ ${message}\n\n`);
  process.exit(1);
}

async function connectDatabase(config: Config): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url && config.DATABASE_MIGRATION_URL) {
    throw new StartupError("DATABASE_MIGRATION_URL is set but DATABASE_URL is not: set DATABASE_URL to the application's role (npm run db:app-role prints it)");
  }
  if (!url) {
    try {
      embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, socketDir: embeddedSocketDir(config.keysDir) });
    } catch (error) {
      if (error instanceof EmbeddedDatabaseError) throw new StartupError(error.message);
      throw error;
    }
    url = embedded.url;
  }
  // Migrations run as the owner (DATABASE_MIGRATION_URL) when the application has a role of its own.
  const migrationUrl = config.DATABASE_MIGRATION_URL ?? url;
  const setting = config.DATABASE_MIGRATION_URL ? "DATABASE_MIGRATION_URL" : "DATABASE_URL";
  const client = new pg.Client({ connectionString: migrationUrl, connectionTimeoutMillis: 8_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(
      `Cannot reach the database at ${redactUrl(migrationUrl)} (${(error as Error).message}). ` +
        `Start PostgreSQL, correct ${setting}, or unset DATABASE_URL to use the embedded database.`,
    );
  }
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS btree_gist");
    const applied = await migrate(client, logger);
    logger.info("database ready", { embedded: Boolean(embedded), migrationsApplied: applied.length });
  } finally {
    await client.end();
  }
  return { url, embedded };
}

function listen(server: ReturnType<typeof createServer>, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") {
        reject(new StartupError(`Port ${config.PORT} is already in use. Stop the program using it, or start on another port: PORT=${config.PORT + 1} npm start`));
      } else if (error.code === "EACCES") {
        reject(new StartupError(`Not allowed to listen on port ${config.PORT}. Choose a port above 1024: PORT=3000 npm start`));
      } else reject(error);
    });
    server.listen(config.PORT, config.HOST, () => resolve());
  });
}

function printBanner(config: Config): void {
  const lines = [
    "",
    `  远程医疗协同平台 Remote Medicine Platform is running: ${config.publicUrl}`,
    `  Health: ${config.publicUrl}/api/health`,
  ];
  if (config.seedDemoData) {
    lines.push(`  Demo accounts (password ${DEMO_PASSWORD}):`);
    for (const user of DEMO_USERS) lines.push(`    ${user.username.padEnd(18)} ${user.role}`);
  }
  process.stdout.write(lines.join("\n") + "\n\n");
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = getConfig();
    // Before anything starts: in production, demo keys are refused unless explicitly allowed.
    assertKeysConfigured(config);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  setLogLevel(config.logLevel);
  logger.info("starting", describeConfig(config));

  // Listening starts before Next is ready, so a busy port fails fast and early requests get a 503.
  const ready: { handle?: (req: IncomingMessage, res: ServerResponse) => Promise<void> } = {};
  const server = createServer((req, res) => {
    // While stopping, a kept-alive connection carries no further request.
    if (stopping.started) res.setHeader("connection", "close");
    if (ready.handle) {
      void ready.handle(req, res);
      return;
    }
    res.writeHead(503, { ...securityHeaders(newNonce(), securitySettingsOf(config)), "content-type": "application/json", "retry-after": "5" });
    res.end(JSON.stringify({ error: { code: "STARTING", message: translate(localeFromCookieHeader(req.headers.cookie), "errors.starting") } }));
  });
  // A kept-alive connection stays open longer than the clients' and proxies' idle reuse (Node's
  // default is 5 s): otherwise the server closes it just as a client sends on it, and that request
  // fails with ECONNRESET (seen in the authorization matrix's test). Headers must outlast it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await listen(server, config);

  const secrets = loadPlatformSecrets(config);
  exportForLibraries(config);

  const database = await connectDatabase(config);
  const platform = buildPlatform({ config, secrets, databaseUrl: database.url, embedded: Boolean(database.embedded) });
  const { runtime } = platform;
  logger.info("database pools", { embedded: platform.database.embedded, ...platform.database.sizes });
  // Loaded now rather than at first use: a bad key setting stops the start with its name, and key
  // files an earlier version left in the data folder move to the keys folder at once.
  platform.healthCardKeys();
  // Signing keys an earlier version wrapped under a key derived from AUTH_SECRET: rewrapped now,
  // before AUTH_SECRET can change. A handful of rows; the personal data has its own command.
  await migrateSigningKeys(platform.db, platform.signingKeyProtection);
  if (config.seedDemoData) await seedDemoData(platform.db, logger);

  try {
    const pool = await WorkerPool.create();
    runtime.sfu = pool;
    pool.on("workerDown", (index) => {
      runtime.sfuError = `SFU worker ${index} could not be restarted`;
    });
  } catch (error) {
    runtime.sfuError = (error as Error).message;
    logger.error("SFU could not start: video sessions are unavailable until it does", { error: (error as Error).message });
  }

  const io = await createSocketServer(server, secrets.authSecret, { redisUrl: config.REDIS_URL, publicOrigins: config.publicOrigins });
  runtime.sockets = { attached: true, clients: () => io.engine.clientsCount };
  runtime.io = io;
  // The job queue (pg-boss, server/jobs/queue.ts): imports and the reminder sweep, which runs
  // once a minute across all instances. Then the imports a previous process left unfinished.
  await platform.jobs.start();
  platform.auditSealer.start();
  await platform.imports.resume();
  if (runtime.sfu) runtime.video = startVideoService({ io, pool: runtime.sfu as WorkerPool, db: platform.db, sessionSecret: secrets.authSecret, joinTokenSecret: secrets.joinTokenSecret, lifecycle: consultationRoomLifecycle(platform.db) });

  const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: config.PORT });
  await app.prepare();
  const nextHandler = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  server.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith("/socket.io")) void upgrade(req, socket, head);
  });
  // Latency is labelled by Next's route patterns (from the build), never by raw paths.
  platform.metrics.useRoutes(routeTable(nextRoutePatterns(path.join(process.cwd(), ".next"))));
  ready.handle = (req, res) => handleHttpRequest(req, res, nextHandler);
  printBanner(config);

  const stop = gracefulShutdown({ server, config, platform, io, app, embedded: database.embedded });
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

const stopping: { started?: boolean } = {};

/**
 * SIGTERM (or SIGINT): no new connections; the rooms are told (server:restarting) and their
 * records closed; socket.io closes (clients reconnect to the next process); the job queue stops
 * taking work and waits for running handlers; requests in flight finish (SHUTDOWN_GRACE_SECONDS at
 * most, then their connections are cut); the SFU workers close; Next; the database pools; exit 0.
 */
function gracefulShutdown(parts: { server: ReturnType<typeof createServer>; config: Config; platform: ReturnType<typeof buildPlatform>; io: Awaited<ReturnType<typeof createSocketServer>>; app: ReturnType<typeof next>; embedded?: EmbeddedDatabase }) {
  const { server, config, platform, io, app } = parts;
  const { runtime } = platform;
  return async (signal: string) => {
    if (stopping.started) return;
    stopping.started = true;
    const graceMs = config.SHUTDOWN_GRACE_SECONDS * 1000;
    logger.info("stopping", { signal, graceSeconds: config.SHUTDOWN_GRACE_SECONDS });
    // A last resort should a step hang: the grace, plus the job queue's own stop timeout, plus margin.
    const force = setTimeout(() => {
      logger.error("stopping took too long; exiting now");
      process.exit(1);
    }, graceMs + 20_000);
    force.unref();
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const told = (await (runtime.video as VideoService | undefined)?.shutdown().catch((error: unknown) => logger.warn("video shutdown failed", { error }))) ?? 0;
    // socket.io closes its connections now; its promise resolves with the HTTP server's close.
    const socketsClosed = closeSocketServer(io);
    await Promise.all([platform.jobs.stop(), platform.auditSealer.stop()]);
    const inTime = await Promise.race([Promise.all([drained, socketsClosed]).then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), graceMs).unref())]);
    if (!inTime) {
      logger.warn("requests still running after the grace period; closing their connections", { graceSeconds: config.SHUTDOWN_GRACE_SECONDS });
      server.closeAllConnections();
      await socketsClosed;
    }
    if (runtime.sfu) (runtime.sfu as WorkerPool).close();
    await app.close().catch((error: unknown) => logger.warn("next close failed", { error }));
    await platform.close().catch((error: unknown) => logger.warn("platform close failed", { error }));
    await parts.embedded?.stop();
    logger.info("stopped", { signal, roomMembersTold: told, requestsFinished: inTime });
    process.exit(0);
  };
}

main().catch((error: unknown) => {
  if (error instanceof StartupError || error instanceof ConfigError) fail(error.message);
  logger.error("start-up failed", { error });
  fail(`Start-up failed: ${(error as Error).message}`);
});

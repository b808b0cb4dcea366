/**
 * The process's database connections: one shared pool of DATABASE_POOL_SIZE connections, of which
 * a quarter (at least one) is set aside for terminal verification with asynchronous commit. On the
 * embedded database there is exactly one connection for everything: it multiplexes all clients
 * over one session, so a second connection would see (and could interleave with) the first one's
 * transactions and prepared statements.
 */
import pg from "pg";
import { log } from "@/lib/log";
import type { DatabaseConnections } from "@/server/platform";

const logger = log.child({ module: "db" });

export interface ConnectionOptions {
  url: string;
  embedded: boolean;
  poolSize: number;
}

/** How DATABASE_POOL_SIZE is split: verification gets a quarter (at least one) when there are two or more. */
export function splitPoolSize(poolSize: number, embedded: boolean): { main: number; verify: number } {
  if (embedded || poolSize < 2) return { main: 1, verify: 0 };
  const verify = Math.max(1, Math.floor(poolSize / 4));
  return { main: poolSize - verify, verify };
}

function watch(pool: pg.Pool, name: string): pg.Pool {
  pool.on("error", (error) => logger.warn("idle database connection failed", { pool: name, error: error.message }));
  return pool;
}

export function openDatabaseConnections(options: ConnectionOptions): DatabaseConnections {
  const sizes = splitPoolSize(options.poolSize, options.embedded);
  const common = { connectionString: options.url, connectionTimeoutMillis: 10_000 };
  // The embedded database's one connection is never closed for idleness: a new one would join the
  // same session anyway, and keeping it avoids a reconnect on every quiet spell.
  const main = watch(new pg.Pool({ ...common, max: sizes.main, ...(options.embedded ? { idleTimeoutMillis: 0 } : {}) }), "main");
  // A start-up parameter rather than a SET on "connect": pg-pool does not wait for that listener,
  // so the SET raced the first query.
  const verify = sizes.verify > 0 ? watch(new pg.Pool({ ...common, max: sizes.verify, options: "-c synchronous_commit=off" }), "verify") : main;
  return {
    url: options.url,
    embedded: options.embedded,
    main,
    verify,
    namedStatements: !options.embedded,
    sizes,
  };
}

export async function closeDatabaseConnections(connections: DatabaseConnections): Promise<void> {
  const pools = new Set([connections.main, connections.verify]);
  await Promise.all([...pools].map((pool) => pool.end().catch((error: unknown) => logger.warn("database pool close failed", { error }))));
}

/** A query config that is a named prepared statement only where the database allows it. */
export function statement(named: boolean, name: string, text: string, values: unknown[]): pg.QueryConfig {
  return named ? { name, text, values } : { text, values };
}

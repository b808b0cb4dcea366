/**
 * The embedded default database: PostgreSQL compiled to WASM (PGlite), persisted in a folder,
 * served by pglite-socket so `pg` and Prisma reach it like any server. It multiplexes all
 * clients over one backend, so callers must use a pool of one connection.
 *
 * PGlite answers every start-up message as the superuser without asking for a password, and
 * pglite-socket (0.1.3) has no authentication of its own. So it listens on no TCP port at all,
 * only on a Unix socket in a folder of the keys folder that only the server's own user may enter
 * (0700, the socket itself 0600): other users' processes cannot connect.
 */
import { chmod, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { migrate } from "./migrate";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** PGlite's files go to `<dataDir>/pglite`. */
  dataDir: string;
  /** The folder of the socket (created 0700): `embeddedSocketDir(config.keysDir)` for the server. */
  socketDir: string;
}

/** The port number only names the socket file (.s.PGSQL.5432), as libpq and node-postgres expect. */
const SOCKET_PORT = 5432;
/** sun_path holds 108 bytes on Linux (104 on macOS), the terminating NUL included. */
const MAX_SOCKET_PATH = 103;

export class EmbeddedDatabaseError extends Error {}

export function embeddedSocketDir(keysDir: string): string {
  return path.join(keysDir, "db");
}

export function embeddedSocketPath(socketDir: string): string {
  return path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);
}

/** The connection string of the embedded database served in `socketDir`. */
export function embeddedUrl(socketDir: string): string {
  return `postgresql://postgres@/postgres?host=${encodeURIComponent(socketDir)}&port=${SOCKET_PORT}&sslmode=disable`;
}

/** Whether a process is serving on the socket now (a leftover file of a crashed one answers nothing). */
export function isSocketServed(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

async function prepareSocket(socketDir: string): Promise<string> {
  const socketPath = embeddedSocketPath(path.resolve(socketDir));
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
    throw new EmbeddedDatabaseError(`The embedded database's socket path is too long for the system (${socketPath}): set KEYS_DIR to a shorter folder`);
  }
  await mkdir(socketDir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing folder's mode alone, and the umask may have widened a new one.
  await chmod(socketDir, 0o700);
  if (await isSocketServed(socketPath)) {
    throw new EmbeddedDatabaseError(`Another process already serves an embedded database at ${socketPath}: stop it, or give this one other DATA_DIR and KEYS_DIR folders`);
  }
  await unlink(socketPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  return socketPath;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** PGlite's folder opened by two processes at once is corrupted: a pid file keeps the second out. */
async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dir, "pglite.pid");
  for (;;) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: "wx", mode: 0o600 });
      return () => unlink(lockPath).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number((await readFile(lockPath, "utf8").catch(() => "")).trim());
      if (holder && holder !== process.pid && isRunning(holder)) {
        throw new EmbeddedDatabaseError(`The embedded database in ${dir} is in use by process ${holder}: stop it first, or use another DATA_DIR`);
      }
      await unlink(lockPath).catch(() => undefined);
    }
  }
}

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const socketPath = await prepareSocket(options.socketDir);
  const dir = path.join(options.dataDir, "pglite");
  await mkdir(dir, { recursive: true });
  const unlock = await lockFolder(options.dataDir);
  try {
    const db = await PGlite.create({ dataDir: dir, extensions: { btree_gist } });
    await db.exec("CREATE EXTENSION IF NOT EXISTS btree_gist");
    const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 32 });
    await server.start();
    await chmod(socketPath, 0o600);
    return {
      url: embeddedUrl(path.dirname(socketPath)),
      async stop() {
        await server.stop();
        await db.close();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/**
 * For command-line tools (audit:verify): the running server's embedded database when it is up
 * (PGlite's folder must never be opened twice), else the database started, and migrated, for the tool alone.
 */
export async function openEmbeddedForTool(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  if (await isSocketServed(embeddedSocketPath(path.resolve(options.socketDir)))) {
    return { url: embeddedUrl(path.resolve(options.socketDir)), stop: async () => {} };
  }
  const embedded = await startEmbeddedDatabase(options);
  const client = new pg.Client({ connectionString: embedded.url });
  try {
    await client.connect();
    await migrate(client);
  } catch (error) {
    await embedded.stop();
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
  return embedded;
}

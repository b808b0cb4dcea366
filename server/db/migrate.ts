/**
 * Applies prisma/migrations/<name>/migration.sql in name order and records each in Prisma's
 * `_prisma_migrations` table (same columns and sha256 checksums), so a machine with the native
 * Prisma engine sees the same history. Safe to run at every start: an applied migration is
 * never applied twice, and a changed applied migration stops the start with a clear error.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "@/lib/log";

export interface Queryable {
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export class MigrationError extends Error {}

const BOOKKEEPING_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// An arbitrary constant: two servers starting at once must not both migrate.
const MIGRATION_LOCK_ID = 72_640_315;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = path.resolve("prisma/migrations")): Promise<MigrationFile[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export async function migrate(db: Queryable, logger?: Logger, dir?: string): Promise<string[]> {
  const migrations = await readMigrations(dir);
  await db.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`);
  try {
    await db.query(BOOKKEEPING_DDL);
    const { rows } = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row]));
    const newlyApplied: string[] = [];
    for (const migration of migrations) {
      const previous = applied.get(migration.name);
      if (previous) {
        if (!previous.finished_at) {
          throw new MigrationError(`Migration ${migration.name} started earlier but never finished; inspect the database before retrying.`);
        }
        if (previous.checksum !== migration.checksum) {
          throw new MigrationError(`Migration ${migration.name} was changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      await applyOne(db, migration);
      newlyApplied.push(migration.name);
      logger?.info("migration applied", { migration: migration.name });
    }
    return newlyApplied;
  } finally {
    await db.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
  }
}

async function applyOne(db: Queryable, migration: MigrationFile): Promise<void> {
  await db.query("BEGIN");
  try {
    // One simple-protocol call runs the whole multi-statement script, PL/pgSQL bodies included.
    await db.query(migration.sql);
    await db.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
       VALUES ($1, $2, now(), $3, 1, now())`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await db.query("COMMIT");
  } catch (error) {
    await db.query("ROLLBACK");
    throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
  }
}

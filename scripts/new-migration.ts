/**
 * `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
 * with the SQL that takes the schema as of the last migration (prisma/schema-snapshot/) to
 * the schema in prisma/schema/, then updates the snapshot. Hand-written SQL that Prisma cannot express
 * (triggers, exclusion constraints) may be appended to the new file before committing it.
 * Needs a PostgreSQL server for a scratch database (MIGRATION_SHADOW_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { existsSync } from "node:fs";
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffSql, MIGRATIONS_DIR, SCHEMA_DIR, schemaTarget, SNAPSHOT_DIR } from "../server/db/migrations-tooling/schemaEngine";

const shadowUrl = process.env.MIGRATION_SHADOW_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const name = process.argv.slice(2).find((arg) => !arg.startsWith("--"));
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name_in_snake_case>");
  process.exit(2);
}

const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
const from = existsSync(SNAPSHOT_DIR) ? await schemaTarget(SNAPSHOT_DIR) : ({ tag: "empty" } as const);
const sql = await diffSql(from, await schemaTarget(), shadowUrl);
if (!sql) {
  console.log("Nothing to migrate: prisma/schema/ has not changed since the last migration.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), sql + "\n");
await rm(SNAPSHOT_DIR, { recursive: true, force: true });
await cp(SCHEMA_DIR, SNAPSHOT_DIR, { recursive: true });
if (!existsSync(lockPath)) {
  await writeFile(lockPath, 'provider = "postgresql"\n');
}
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql and updated the schema snapshot.`);

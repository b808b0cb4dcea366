/**
 * Fails (exit 1) when the database that prisma/migrations produce differs from the one
 * prisma/schema/ describes. Builds both in scratch databases on the PostgreSQL server
 * (TEST_DATABASE_SERVER_URL, default 127.0.0.1:5432): one by running the migrations, one from
 * the SQL Prisma's schema engine derives from the schema alone; then compares their catalogs.
 * Run with: node --experimental-wasm-modules --import tsx scripts/check-migrations.ts
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { catalogDifferences, describeCatalog } from "../server/db/migrations-tooling/catalog";
import { diffSql, schemaTarget } from "../server/db/migrations-tooling/schemaEngine";
import { migrate } from "../server/db/migrate";

const serverUrl = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function withScratchDatabase<T>(label: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const name = `rmp_check_${label}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
    await client.query("CREATE EXTENSION IF NOT EXISTS btree_gist");
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

const schemaSql = await diffSql({ tag: "empty" }, await schemaTarget(process.env.PRISMA_SCHEMA_DIR), serverUrl);
const fromMigrations = await withScratchDatabase("migrated", async (client) => {
  await migrate(client);
  return describeCatalog(client);
});
const fromSchema = await withScratchDatabase("schema", async (client) => {
  await client.query(schemaSql);
  return describeCatalog(client);
});
const differences = catalogDifferences(fromSchema, fromMigrations);
if (differences.length > 0) {
  console.error("prisma/migrations do not produce what prisma/schema/ describes:");
  for (const line of differences) console.error(`  ${line}`);
  console.error("Write the missing migration with: npm run db:migration -- <name>");
  process.exit(1);
}
console.log(`Migrations match prisma/schema/ (${fromSchema.columns.length} columns, ${fromSchema.indexes.length} indexes, ${fromSchema.constraints.length} constraints).`);

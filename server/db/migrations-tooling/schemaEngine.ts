/**
 * Offline access to Prisma's schema engine (the WASM build) for computing migration SQL.
 * The native engine the Prisma CLI wants cannot be downloaded here; this computes the same
 * SQL `prisma migrate diff` would print, from one schema file to another. (A "migrations"
 * source does not work: the engine's schema describer cannot read PostgreSQL's internal "char"
 * catalog columns over adapter-pg, so the schema as of the last migration is kept as a
 * snapshot folder, prisma/schema-snapshot/.)
 * Needs `node --experimental-wasm-modules` on Node 20.
 */
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

export const MIGRATIONS_DIR = path.resolve("prisma/migrations");
/** The schema is a folder of .prisma files, one per domain. */
export const SCHEMA_DIR = path.resolve("prisma/schema");
/** The schema as of the last migration (outside prisma/migrations, whose folders are migrations). */
export const SNAPSHOT_DIR = path.resolve("prisma/schema-snapshot");

type DiffTarget =
  | { tag: "empty" }
  | { tag: "schemaDatamodel"; files: { path: string; content: string }[] };

interface SchemaEngineLike {
  diff(params: unknown): Promise<{ exitCode: number; stdout?: string }>;
  free(): void;
}

export async function schemaFiles(dir = SCHEMA_DIR): Promise<{ path: string; content: string }[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".prisma")).sort();
  return Promise.all(names.map(async (name) => ({ path: path.join(dir, name), content: await readFile(path.join(dir, name), "utf8") })));
}

export async function schemaTarget(dir = SCHEMA_DIR): Promise<DiffTarget> {
  return { tag: "schemaDatamodel", files: await schemaFiles(dir) };
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * adapter-pg splits scripts on every ";", which breaks PL/pgSQL bodies ($$ ... ; ... $$) in our
 * hand-written migration parts. PostgreSQL's simple-query protocol runs a whole multi-statement
 * script in one call, so send it whole.
 */
function sendScriptsWhole(adapter: PgAdapter): PgAdapter {
  const client = adapter.underlyingDriver() as { query(sql: string): Promise<unknown> };
  adapter.executeScript = async (script: string) => {
    await client.query(script);
  };
  return adapter;
}

function wholeScriptFactory(factory: PrismaPg): PrismaPg {
  return Object.assign(Object.create(Object.getPrototypeOf(factory)) as PrismaPg, factory, {
    connect: async () => sendScriptsWhole(await factory.connect()),
    connectToShadowDb: async () => sendScriptsWhole(await factory.connectToShadowDb()),
  });
}

/**
 * SQL that takes a database from `from` to `to`; an empty string when they agree.
 * The engine replays migrations into whatever database its adapter connects to, so it gets a
 * throw-away database of its own on the server `serverUrl` names, dropped afterwards.
 */
export async function diffSql(from: DiffTarget, to: DiffTarget, serverUrl: string): Promise<string> {
  const scratch = `rmp_schema_diff_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${scratch}"`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${scratch}`;
    return await diffSqlOn(from, to, url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await admin.end();
  }
}

async function diffSqlOn(from: DiffTarget, to: DiffTarget, databaseUrl: string): Promise<string> {
  const { SchemaEngine } = (await import("@prisma/schema-engine-wasm")) as unknown as {
    SchemaEngine: { new: (o: unknown, cb: unknown, a: unknown) => Promise<SchemaEngineLike> };
  };
  const datamodels = (await schemaFiles()).map((file) => [file.path, file.content]);
  const adapter = bindMigrationAwareSqlAdapterFactory(wholeScriptFactory(new PrismaPg({ connectionString: databaseUrl })));
  const engine = await SchemaEngine.new({ datamodels }, () => {}, adapter);
  let captured = "";
  const originalWrite = process.stdout.write.bind(process.stdout);
  // The engine prints the script to stdout (as the CLI would); capture it instead.
  process.stdout.write = ((chunk: string | Uint8Array) => {
    captured += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  }) as typeof process.stdout.write;
  try {
    const result = await engine.diff({
      from,
      to,
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    if (result.stdout) captured += result.stdout;
  } finally {
    process.stdout.write = originalWrite;
    engine.free();
  }
  const sql = captured.trim();
  return sql === "-- This is an empty migration." ? "" : sql;
}

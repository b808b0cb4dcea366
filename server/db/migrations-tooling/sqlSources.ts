/**
 * SQL kept as source (prisma/sql/<function>.sql): functions whose body lives in one file, from
 * which migrations are written (`npm run db:sql-migration`). `definitionIn` finds a function's
 * newest definition in the migrations, so a test can hold the two to each other.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const SQL_SOURCE_DIR = path.resolve("prisma/sql");
const MIGRATIONS = path.resolve("prisma/migrations");

export function sqlSources(): { name: string; file: string; definition: string }[] {
  return readdirSync(SQL_SOURCE_DIR)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .map((file) => ({ name: file.replace(/\.sql$/, ""), file: path.join(SQL_SOURCE_DIR, file), definition: functionDefinition(readFileSync(path.join(SQL_SOURCE_DIR, file), "utf8"), file.replace(/\.sql$/, "")) ?? "" }));
}

/** `CREATE [OR REPLACE] FUNCTION name(…) … $$;` from a SQL text, whitespace-normalised, or null. */
export function functionDefinition(sql: string, name: string): string | null {
  const start = sql.search(new RegExp(`CREATE (OR REPLACE )?FUNCTION ${name}\\(`));
  if (start < 0) return null;
  const end = sql.indexOf("$$;", sql.indexOf("$$", start) + 2);
  if (end < 0) return null;
  return normalise(sql.slice(start, end + 3));
}

const normalise = (sql: string) =>
  sql
    .replace(/^CREATE (OR REPLACE )?FUNCTION/, "CREATE FUNCTION")
    .split("\n")
    .map((line) => line.replace(/--.*$/, "").trimEnd())
    .filter((line) => line.trim() !== "")
    .join("\n");

/** The newest migration that defines the function, and that definition. */
export function newestDefinition(name: string): { migration: string; definition: string } | null {
  const migrations = readdirSync(MIGRATIONS, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort().reverse();
  for (const migration of migrations) {
    const definition = functionDefinition(readFileSync(path.join(MIGRATIONS, migration, "migration.sql"), "utf8"), name);
    if (definition) return { migration, definition };
  }
  return null;
}

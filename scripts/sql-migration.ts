/**
 * `npm run db:sql-migration -- <name> <function>…`: writes prisma/migrations/<timestamp>_<name>/
 * migration.sql from the source files prisma/sql/<function>.sql (CREATE OR REPLACE FUNCTION). A
 * changed signature needs a DROP FUNCTION of the old one: add it to the top of the new file.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { SQL_SOURCE_DIR } from "../server/db/migrations-tooling/sqlSources";

const [name, ...functions] = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
if (!name || !/^[a-z0-9_]+$/.test(name) || functions.length === 0) {
  console.error("Usage: npm run db:sql-migration -- <name_in_snake_case> <function> [<function>…]");
  process.exit(2);
}
const parts = functions.map((fn) => `-- From prisma/sql/${fn}.sql\n${readFileSync(path.join(SQL_SOURCE_DIR, `${fn}.sql`), "utf8").trim()}\n`);
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.resolve("prisma/migrations", `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), parts.join("\n"));
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql from ${functions.join(", ")}.`);

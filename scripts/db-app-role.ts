/**
 * `npm run db:app-role -- [--role rmp_app] [--new-password]`: creates (or brings up to date) the
 * application's PostgreSQL role on the database of DATABASE_MIGRATION_URL, the owner that runs
 * the migrations (server/db/appRole.ts says what it may do). Migrates first, so the grants cover
 * every table. A new role gets a random password, printed once with the DATABASE_URL to use;
 * an existing one keeps its password unless --new-password is given.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { getConfig } from "../server/config";
import { setUpAppRole } from "../server/db/appRole";
import { migrate } from "../server/db/migrate";

const { values } = parseArgs({ options: { role: { type: "string", default: "rmp_app" }, "new-password": { type: "boolean", default: false } } });
const ownerUrl = getConfig().DATABASE_MIGRATION_URL;
if (!ownerUrl) {
  console.error("Set DATABASE_MIGRATION_URL to the owner's connection string (the role that owns the schema and runs the migrations).");
  process.exit(2);
}

const owner = new pg.Client({ connectionString: ownerUrl });
await owner.connect();
try {
  await owner.query("CREATE EXTENSION IF NOT EXISTS btree_gist");
  await migrate(owner);
  const exists = (await owner.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [values.role])).rows.length > 0;
  const password = !exists || values["new-password"] ? randomBytes(24).toString("base64url") : undefined;
  await setUpAppRole(owner, { role: values.role, password });
  const appUrl = new URL(ownerUrl);
  appUrl.username = values.role;
  appUrl.password = password ?? "<its password>";
  console.log(`Role ${values.role} is ready. Start the platform with:`);
  console.log(`  DATABASE_MIGRATION_URL=${ownerUrl.replace(/:[^:@/]*@/, ":***@")}`);
  console.log(`  DATABASE_URL=${appUrl.toString()}`);
  if (password) console.log("The password is shown only now: keep it with your other secrets.");
} finally {
  await owner.end();
}

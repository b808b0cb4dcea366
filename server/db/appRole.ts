/**
 * The application's own PostgreSQL role (`npm run db:app-role`), apart from the owner that runs
 * the migrations (DATABASE_MIGRATION_URL). The application may read and write its tables, but
 * the audit tables only take INSERT and SELECT: it cannot change or delete an entry, cannot
 * disable their triggers (ALTER TABLE needs the owner) and cannot set session_replication_role
 * (superuser only), which is how the append-only trigger was bypassed with the owner's
 * credentials. Tables that later migrations create get the same grants (default privileges of
 * the owner that runs them).
 */
import type { Queryable } from "./migrate";

/** Insert and read only, for the application. */
export const AUDIT_TABLES = ["audit_log", "audit_seal"] as const;

export interface AppRoleOptions {
  role: string;
  /** Sets (or changes) the role's password; an existing role keeps its own when absent. */
  password?: string;
  /** pg-boss's schema, created for (and owned by) the application so pg-boss can migrate it itself. */
  jobSchema?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain PostgreSQL name (lower-case letters, digits, _)`);
  return `"${name}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Creates or updates the application role's grants. Run as the owner of the schema (the migration role). Idempotent. */
export async function setUpAppRole(owner: Queryable, options: AppRoleOptions): Promise<void> {
  const role = quoteIdentifier(options.role);
  const jobSchemaName = options.jobSchema ?? "pgboss";
  const jobSchema = quoteIdentifier(jobSchemaName);
  const [schemaLiteral, roleLiteral] = [quoteLiteral(jobSchemaName), quoteLiteral(options.role)];
  const exists = (await owner.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [options.role])).rows.length > 0;
  const password = options.password === undefined ? "" : ` PASSWORD ${quoteLiteral(options.password)}`;
  const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
  const database = (await owner.query("SELECT current_database() AS name")).rows[0] as { name: string };
  const statements = [
    `${exists ? "ALTER" : "CREATE"} ROLE ${role} ${attributes}${password}`,
    // The owner hands schemas and tables to the role below, for which it must be a member of it.
    `GRANT ${role} TO CURRENT_USER`,
    // CREATE too: pg-boss runs CREATE SCHEMA IF NOT EXISTS at start, which PostgreSQL checks before
    // looking whether the schema exists. It lets the role make schemas of its own, not touch ours.
    `GRANT CONNECT, CREATE ON DATABASE "${database.name.replace(/"/g, '""')}" TO ${role}`,
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON ${AUDIT_TABLES.map(quoteIdentifier).join(", ")} FROM ${role}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "_prisma_migrations" FROM ${role}`,
    `CREATE SCHEMA IF NOT EXISTS ${jobSchema} AUTHORIZATION ${role}`,
  ];
  for (const statement of statements) await owner.query(statement);
  // A job schema an earlier start made as the owner goes to the application with its tables (their
  // sequences and indexes follow) and functions.
  await owner.query(
    `DO $$
     DECLARE item record;
     BEGIN
       EXECUTE format('ALTER SCHEMA %I OWNER TO %I', ${schemaLiteral}, ${roleLiteral});
       FOR item IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = ${schemaLiteral} AND c.relkind IN ('r', 'p')
       LOOP
         EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', ${schemaLiteral}, item.relname, ${roleLiteral});
       END LOOP;
       FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE n.nspname = ${schemaLiteral}
       LOOP
         EXECUTE format('ALTER ROUTINE %s OWNER TO %I', item.signature, ${roleLiteral});
       END LOOP;
     END $$`,
  );
}

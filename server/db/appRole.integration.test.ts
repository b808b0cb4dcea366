/**
 * The application's own role (PostgreSQL only): what the owner's credentials could do to the
 * audit log (disable its trigger, set session_replication_role), the application's cannot.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { sealAuditLog } from "@/server/audit/chain";
import { testDatabaseUrl, unique } from "@/test/db";
import { setUpAppRole } from "./appRole";

const role = unique("rmp_app_test").toLowerCase();
const jobSchema = unique("pgboss_test").toLowerCase();
const password = unique("pw");
let owner: pg.Client;
let app: pg.Pool;

beforeAll(async () => {
  owner = new pg.Client({ connectionString: testDatabaseUrl() });
  await owner.connect();
  await setUpAppRole(owner, { role, password, jobSchema });
  const url = new URL(testDatabaseUrl());
  url.username = role;
  url.password = password;
  app = new pg.Pool({ connectionString: url.toString(), max: 2 });
});

afterAll(async () => {
  await app?.end();
  await owner.query(`DROP SCHEMA IF EXISTS "${jobSchema}" CASCADE`);
  await owner.query(`DROP OWNED BY "${role}"`);
  await owner.query(`DROP ROLE IF EXISTS "${role}"`);
  await owner.end();
});

async function refusal(statement: string, values: unknown[] = []): Promise<string | undefined> {
  const client = await app.connect();
  try {
    await client.query(statement, values);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  } finally {
    client.release();
  }
}

describe("the application role", () => {
  it("writes and reads audit entries and seals them", async () => {
    const action = unique("test.role");
    const inserted = await app.query<{ id: string }>("INSERT INTO audit_log (action, details) VALUES ($1, '{}') RETURNING id::text AS id", [action]);
    expect((await app.query("SELECT action FROM audit_log WHERE action = $1", [action])).rows).toEqual([{ action }]);
    await sealAuditLog(app);
    expect((await app.query("SELECT 1 FROM audit_seal WHERE audit_id = $1", [inserted.rows[0]?.id])).rows).toHaveLength(1);
  });

  it("may not change, delete or truncate audit entries or seals", async () => {
    expect(await refusal("UPDATE audit_log SET action = 'x' WHERE id = (SELECT max(id) FROM audit_log)")).toBe("42501");
    expect(await refusal("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")).toBe("42501");
    expect(await refusal("TRUNCATE audit_log")).toBe("42501");
    expect(await refusal("UPDATE audit_seal SET hash = hash")).toBe("42501");
    expect(await refusal("DELETE FROM audit_seal")).toBe("42501");
  });

  it("may not disable the audit triggers or set session_replication_role", async () => {
    expect(await refusal('ALTER TABLE audit_log DISABLE TRIGGER "audit_log_append_only"')).toBe("42501");
    expect(await refusal("ALTER TABLE audit_seal DISABLE TRIGGER ALL")).toBe("42501");
    expect(await refusal("SET session_replication_role = replica")).toBe("42501");
    expect(await refusal("DROP TABLE audit_log")).toBe("42501");
  });

  it("works on the application's other tables, and on tables later migrations create", async () => {
    const table = unique("later_table").toLowerCase();
    await owner.query(`CREATE TABLE "${table}" (id serial PRIMARY KEY, note text)`);
    try {
      await app.query(`INSERT INTO "${table}" (note) VALUES ('新表')`);
      await app.query(`UPDATE "${table}" SET note = 'changed'`);
      expect((await app.query(`SELECT note FROM "${table}"`)).rows).toEqual([{ note: "changed" }]);
      expect((await app.query("SELECT count(*)::int AS n FROM institution")).rows[0]).toEqual({ n: expect.any(Number) });
    } finally {
      await owner.query(`DROP TABLE "${table}"`);
    }
  });

  it("owns the job queue's schema, so pg-boss can create and migrate its tables there", async () => {
    await app.query(`CREATE TABLE "${jobSchema}".probe (id int)`);
    expect((await app.query(`SELECT count(*)::int AS n FROM "${jobSchema}".probe`)).rows[0]).toEqual({ n: 0 });
  });
});

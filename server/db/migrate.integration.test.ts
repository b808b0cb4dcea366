import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/test/db";
import { migrate, readMigrations } from "./migrate";

describe("migration runner (real PostgreSQL)", () => {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it("applies nothing twice: a rerun on a migrated database is a no-op", async () => {
    expect(await migrate(client)).toEqual([]);
    const { rows } = await client.query(`SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`);
    const files = await readMigrations();
    expect(rows).toEqual(files.map((file) => ({ migration_name: file.name, checksum: file.checksum })));
  });

  it("refuses to update or delete audit records", async () => {
    await client.query(`INSERT INTO audit_log (action, details) VALUES ('test.append_only', '{}')`);
    await expect(client.query(`UPDATE audit_log SET action = 'x' WHERE action = 'test.append_only'`)).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM audit_log WHERE action = 'test.append_only'`)).rejects.toThrow(/append-only/);
  });
});

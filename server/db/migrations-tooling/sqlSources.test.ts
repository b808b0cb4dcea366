import { describe, expect, it } from "vitest";
import { functionDefinition, newestDefinition, sqlSources } from "./sqlSources";

describe("SQL kept as source (prisma/sql)", () => {
  it("the newest migration defining each function is exactly its source file", () => {
    const sources = sqlSources();
    expect(sources.map((s) => s.name)).toContain("book_consultation_fast");
    for (const source of sources) {
      expect(source.definition, `${source.file} holds no CREATE FUNCTION ${source.name}`).not.toBe("");
      const newest = newestDefinition(source.name);
      expect(newest, `no migration defines ${source.name}: run npm run db:sql-migration`).not.toBeNull();
      expect(newest?.definition, `${source.name} differs from ${newest?.migration}: run npm run db:sql-migration -- <name> ${source.name}`).toBe(source.definition);
    }
  });

  it("notices a changed body", () => {
    const sql = "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a $$;";
    expect(functionDefinition(sql, "f")).toBe(functionDefinition(sql.replace("CREATE", "CREATE OR REPLACE"), "f"));
    expect(functionDefinition(sql, "f")).not.toBe(functionDefinition(sql.replace("SELECT a", "SELECT a + 1"), "f"));
  });
});

import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const checkScript = ["--experimental-wasm-modules", "--no-warnings", "--import", "tsx", "scripts/check-migrations.ts"];

async function check(env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, checkScript, { env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("migrations and prisma/schema/ (real PostgreSQL)", () => {
  it("agree: the migrated database is what the schema describes", async () => {
    const result = await check();
    expect(result.output).toContain("Migrations match prisma/schema/");
    expect(result.code).toBe(0);
  }, 120_000);

  it("a schema change without a migration fails the check and names what is missing", async () => {
    const schema = await readFile("prisma/schema/base.prisma", "utf8");
    const changed = schema.replace("  disabled         Boolean", "  nickname         String?      @db.VarChar(20)\n  disabled         Boolean");
    expect(changed).not.toBe(schema);
    const dir = await mkdtemp(path.join(os.tmpdir(), "rmp-schema-"));
    await cp("prisma/schema", dir, { recursive: true });
    await writeFile(path.join(dir, "base.prisma"), changed);
    const result = await check({ PRISMA_SCHEMA_DIR: dir });
    expect(result.code).toBe(1);
    expect(result.output).toContain("missing column: app_user.nickname character varying(20)");
  }, 120_000);
});

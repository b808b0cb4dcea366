import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
// Keys these start-ups generate go to a folder of the test's own.
const scratch = mkdtempSync(path.join(os.tmpdir(), "rmp-startup-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function startServer(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        LOG_LEVEL: "error",
        SFU_WORKERS: "0",
        ALLOW_GENERATED_KEYS: "true",
        KEYS_DIR: path.join(scratch, "keys"),
        DATA_DIR: path.join(scratch, "data"),
        ...env,
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe("start-up failures a person can fix end with one clear line", () => {
  it("an unreachable database: exit 1, names the database and what to do, no stack trace", async () => {
    const dbPort = await freePort();
    const result = await startServer({ PORT: String(await freePort()), DATABASE_URL: `postgresql://nobody:secret@127.0.0.1:${dbPort}/nothing` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot reach the database at postgresql://nobody:***@127.0.0.1:${dbPort}/nothing`);
    expect(result.stderr).toContain("unset DATABASE_URL to use the embedded database");
    expect(result.stderr).not.toContain("secret");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("a port already in use: exit 1 and a suggestion of another port", async () => {
    const busy = createServer();
    const port = await new Promise<number>((resolve) =>
      busy.listen(0, "127.0.0.1", () => {
        const address = busy.address();
        resolve(typeof address === "object" && address ? address.port : 0);
      }),
    );
    try {
      const result = await startServer({ PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres" });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} is already in use`);
      expect(result.stderr).toContain(`PORT=${port + 1} npm start`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      busy.close();
    }
  });

  it("invalid configuration: exit 1 naming the variable", async () => {
    const result = await startServer({ PORT: "not-a-port", DATABASE_URL: "mysql://elsewhere" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Invalid configuration");
    expect(result.stderr).toContain("PORT");
    expect(result.stderr).toContain("DATABASE_URL must start with postgres://");
  });

  it("production without configured keys: exit 1 naming each missing key setting, nothing generated", async () => {
    const keysDir = path.join(scratch, "refused-keys");
    const result = await startServer({
      PORT: String(await freePort()),
      ALLOW_GENERATED_KEYS: "",
      KEYS_DIR: keysDir,
      AUTH_SECRET: "an-auth-secret-that-is-long-enough-0123456789",
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("In production every key must be configured; missing: JOIN_TOKEN_SECRET, SIGNING_KEY_ENCRYPTION_KEY, HEALTH_CARD_KEYS, PII_KEYS, PII_INDEX_KEY.");
    expect(result.stderr).toContain("ALLOW_GENERATED_KEYS=true");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(keysDir)).toBe(false);
  });
});

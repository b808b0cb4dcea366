import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

async function startServer(env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "error", SFU_WORKERS: "0", ...env },
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
});

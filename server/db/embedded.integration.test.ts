/**
 * The embedded default (PGlite behind pglite-socket) serves every connection from one session.
 * These tests run in the "embedded" vitest project only: they prove the platform treats it so.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import { parse } from "pg-connection-string";
import { beforeAll, describe, expect, it } from "vitest";
import type { Platform } from "@/server/platform";
import { useTestDatabase } from "@/test/db";

let platform: Platform;

beforeAll(async () => {
  platform = await useTestDatabase();
  expect(platform.database.embedded).toBe(true);
});

describe("the embedded database's one session", () => {
  it("is reached through one connection shared by Prisma and every raw store, without named statements", () => {
    expect(platform.database.sizes).toEqual({ main: 1, verify: 0 });
    expect(platform.database.verify).toBe(platform.database.main);
    expect(platform.database.namedStatements).toBe(false);
  });

  it("answers hundreds of raw-store statements mixed with Prisma queries, in parallel and again after a pause", async () => {
    const store = platform.verifyStore;
    const lookups = () =>
      Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          i % 2 === 0 ? store.terminalByTokenHash(randomBytes(32).toString("hex")) : platform.db.institution.count().then(() => null),
        ),
      );
    expect((await lookups()).every((answer) => answer === null)).toBe(true);
    // The old code prepared the same statement name on several connections of the one session: the second collided.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await lookups()).every((answer) => answer === null)).toBe(true);
  });

  it("never lets another query run inside an open transaction: a read waits until it ends", async () => {
    const action = `test.embedded.${randomBytes(4).toString("hex")}`;
    const client = await platform.database.main.connect();
    let read: Promise<number> | undefined;
    try {
      await client.query("BEGIN");
      await client.query("INSERT INTO audit_log (action, details) VALUES ($1, '{}')", [action]);
      let settled = false;
      read = platform.db.auditLog.count({ where: { action } }).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(settled).toBe(false);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await read).toBe(0);
  });
});

describe("the embedded database's door", () => {
  function socketOf(url: string): { dir: string; file: string } {
    const { host, port } = parse(url);
    return { dir: host ?? "", file: `${host}/.s.PGSQL.${port}` };
  }

  it("listens on no TCP port, only on a Unix socket in a folder only its own user may enter", async () => {
    const socket = socketOf(platform.database.url);
    expect(socket.dir.startsWith("/")).toBe(true);
    expect((await stat(socket.dir)).mode & 0o777).toBe(0o700);
    const file = await stat(socket.file);
    expect(file.isSocket()).toBe(true);
    expect(file.mode & 0o777).toBe(0o600);
  });

  // Root passes every permission check, so only a process of another user can show the refusal.
  it.runIf(process.getuid?.() === 0)("refuses a connection from another user's process", async () => {
    const { file } = socketOf(platform.database.url);
    const probe = `require("net").connect(${JSON.stringify(file)}).on("connect", () => { console.log("CONNECTED"); process.exit(0) }).on("error", (e) => { console.log(e.code); process.exit(1) })`;
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, ["-e", probe], { uid: 65534, gid: 65534, cwd: "/" }, (_error, stdout) => resolve(stdout.trim()));
    });
    expect(output).toBe("EACCES");
  });
});

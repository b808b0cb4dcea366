/**
 * The embedded default (PGlite behind pglite-socket) serves every connection from one session.
 * These tests run in the "embedded" vitest project only: they prove the platform treats it so.
 */
import { randomBytes } from "node:crypto";
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

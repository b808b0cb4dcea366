import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/server/db/client";
import { getRuntime } from "@/server/runtime";
import { unique, useTestDatabase } from "@/test/db";
import { markRead, unreadCount } from "./center";
import { UNREAD_EVENT } from "./events";

let db: Db;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
});

async function makeUser(): Promise<string> {
  const user = await db.user.create({ data: { username: unique("notif"), passwordHash: "x", displayName: "测试用户", role: "COUNTY_DOCTOR" } });
  return user.id;
}

async function notify(userId: string, count: number, readAt: Date | null = null): Promise<string[]> {
  const rows = await db.notification.createManyAndReturn({
    data: Array.from({ length: count }, () => ({ userId, kind: "consultation.assign", params: { number: unique("HZ") }, readAt })),
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

describe("unread notification count", () => {
  it("is 0 for a person without notifications", async () => {
    expect(await unreadCount(db, await makeUser())).toBe(0);
  });

  it("counts only this person's unread notifications: read ones and other people's are left out", async () => {
    const [me, someoneElse] = await Promise.all([makeUser(), makeUser()]);
    const mine = await notify(me, 3);
    await notify(me, 2, new Date());
    await notify(someoneElse, 4);
    expect(await unreadCount(db, me)).toBe(3);
    expect(await unreadCount(db, someoneElse)).toBe(4);

    // Reading one brings it down by one; the other person's count does not move.
    expect(await markRead(db, me, { ids: [mine[0]!] })).toEqual({ updated: 1, unread: 2 });
    expect(await unreadCount(db, me)).toBe(2);
    expect(await unreadCount(db, someoneElse)).toBe(4);

    expect(await markRead(db, me, { all: true })).toEqual({ updated: 2, unread: 0 });
    expect(await unreadCount(db, me)).toBe(0);
    expect(await unreadCount(db, someoneElse)).toBe(4);
  });

  it("is not changed by someone marking another person's notification ids as read", async () => {
    const [owner, intruder] = await Promise.all([makeUser(), makeUser()]);
    const ids = await notify(owner, 2);
    expect(await markRead(db, intruder, { ids })).toEqual({ updated: 0, unread: 0 });
    expect(await unreadCount(db, owner)).toBe(2);
  });

  it("tells every open tab of the reader the new count, and stays quiet when nothing was read", async () => {
    const me = await makeUser();
    const [first] = await notify(me, 2);
    const emitted: [string, string, unknown][] = [];
    const runtime = getRuntime();
    runtime.io = { to: (room: string) => ({ emit: (event: string, payload: unknown) => emitted.push([room, event, payload]) }) };
    try {
      await markRead(db, me, { ids: [first!] });
      await markRead(db, me, { ids: [first!] });
    } finally {
      delete runtime.io;
    }
    expect(emitted).toEqual([[`user:${me}`, UNREAD_EVENT, { unread: 1 }]]);
  });
});

import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { SESSION_CACHE_TTL_MS, SessionService } from "@/server/auth/sessions";
import { signedInSession } from "@/server/auth/testing";
import { getDb } from "@/server/db/client";
import { getPlatform } from "@/server/platform";
import { testDatabaseKind, unique, useTestDatabase } from "@/test/db";
import { SESSION_ENDED_EVENT } from "./events";
import { closeSocketServer, createSocketServer, type SocketServerOptions } from "./socketServer";

const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const cleanups: (() => Promise<void>)[] = [];

beforeAll(() => useTestDatabase());

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function startInstance(options: SocketServerOptions = {}) {
  const http: HttpServer = createServer();
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const io = await createSocketServer(http, getPlatform().authSecret, { publicOrigins: ["http://localhost:3000"], ...options });
  cleanups.push(async () => {
    await closeSocketServer(io);
    http.close();
  });
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

async function makeUser(): Promise<string> {
  const username = unique("sock");
  return (await getDb().user.create({ data: { username, displayName: "用户", role: "SPECIALIST", passwordHash: "x" } })).id;
}

function connectClient(url: string, cookie?: string, headers: Record<string, string> = {}): ClientSocket {
  const socket = connect(url, { transports: ["websocket"], extraHeaders: { ...(cookie ? { cookie } : {}), ...headers }, reconnection: false, forceNew: true });
  cleanups.push(async () => {
    socket.close();
  });
  return socket;
}

function connected(socket: ClientSocket): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    socket.on("connect", resolve);
    socket.on("connect_error", reject);
  });
}

function disconnected(socket: ClientSocket): Promise<string> {
  return new Promise((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
}

describe(`socket.io server (${testDatabaseKind()})`, () => {
  it("refuses a connection without a cookie, or with one that names no active session", async () => {
    const { url } = await startInstance();
    const none = connectClient(url);
    await expect(connected(none)).rejects.toMatchObject({ message: "UNAUTHENTICATED", data: { code: "UNAUTHENTICATED" } });
    const forged = connectClient(url, "next-auth.session-token=forged");
    await expect(connected(forged)).rejects.toMatchObject({ message: "UNAUTHENTICATED", data: { code: "SESSION_EXPIRED" } });
    const session = await signedInSession(await makeUser());
    await getPlatform().sessions.revoke(session.sessionId, "signed_out");
    const revoked = connectClient(url, session.cookie);
    await expect(connected(revoked)).rejects.toMatchObject({ data: { code: "SESSION_EXPIRED" } });
  });

  it("refuses a handshake from another site's page, even with a valid session cookie (cross-site WebSocket hijacking)", async () => {
    const { url } = await startInstance();
    const { cookie } = await signedInSession(await makeUser());
    const hijack = connectClient(url, cookie, { origin: "https://evil.example" });
    const error = await new Promise<Error>((resolve) => hijack.on("connect_error", resolve));
    expect(hijack.connected).toBe(false);
    expect(error.message).toMatch(/websocket error/);
    // The polling transport's first request answers 403 with the reason.
    const polling = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie, origin: "https://evil.example" } });
    expect(polling.status).toBe(403);
    expect(await polling.text()).toContain("CROSS_SITE");
    // The platform's own origin, and a non-browser client sending no Origin, connect.
    for (const headers of [{ origin: "http://localhost:3000" }, {}] as Record<string, string>[]) {
      const own = connectClient(url, cookie, headers);
      await new Promise<void>((resolve, reject) => {
        own.on("connect", resolve);
        own.on("connect_error", reject);
      });
    }
  });

  it("delivers events to every socket of a user across instances through Redis (scale-out)", async () => {
    const a = await startInstance({ redisUrl });
    const b = await startInstance({ redisUrl });
    const userId = await makeUser();
    const client = connectClient(b.url, (await signedInSession(userId)).cookie);
    await connected(client);
    const received = new Promise<unknown>((resolve) => client.on("notification", resolve));
    // Instance A sees the socket connected to B only through the Redis adapter.
    await expect.poll(async () => (await a.io.in(`user:${userId}`).fetchSockets()).length).toBe(1);
    a.io.to(`user:${userId}`).emit("notification" as never, { text: "会诊已安排" } as never);
    expect(await received).toEqual({ text: "会诊已安排" });
  });

  it("revoking a session closes its sockets at once, told why; the person's other sessions stay connected", async () => {
    const { url } = await startInstance();
    const userId = await makeUser();
    const signedOut = await signedInSession(userId);
    const otherTab = await signedInSession(userId);
    const first = connectClient(url, signedOut.cookie);
    const sameSession = connectClient(url, signedOut.cookie);
    const other = connectClient(url, otherTab.cookie);
    await Promise.all([connected(first), connected(sameSession), connected(other)]);
    const told = new Promise<void>((resolve) => first.once(SESSION_ENDED_EVENT, () => resolve()));
    const reasons = Promise.all([disconnected(first), disconnected(sameSession)]);
    await getPlatform().sessions.revoke(signedOut.sessionId, "signed_out");
    await told;
    // "io server disconnect": socket.io does not reconnect by itself.
    expect(await reasons).toEqual(["io server disconnect", "io server disconnect"]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(other.connected).toBe(true);
  });

  it("a revocation in one process closes the session's sockets on another instance through Redis", async () => {
    // Instance B has a session service of its own, as another process would: it learns only through Redis.
    const a = await startInstance({ redisUrl });
    const elsewhere = new SessionService(getDb(), getPlatform().sessions.policy);
    const b = await startInstance({ redisUrl, sessions: elsewhere });
    const userId = await makeUser();
    const session = await signedInSession(userId);
    const client = connectClient(b.url, session.cookie);
    await connected(client);
    await expect.poll(async () => (await a.io.in(`session:${session.sessionId}`).fetchSockets()).length).toBe(1);
    const reason = disconnected(client);
    await getPlatform().sessions.revoke(session.sessionId, "signed_out");
    expect(await reason).toBe("io server disconnect");
  });

  it("the periodic re-check closes a socket whose session idled out while only the socket was open (which is not activity)", async () => {
    let now = Date.now();
    const policy = { ...getPlatform().sessions.policy, idleMs: 60_000 };
    const sessions = new SessionService(getDb(), policy, { now: () => new Date(now) });
    const { url } = await startInstance({ sessions, sessionRecheckMs: 100 });
    const userId = await makeUser();
    const session = await signedInSession(userId, { sessions });
    const client = connectClient(url, session.cookie);
    await connected(client);
    const reason = disconnected(client);
    // Re-checks within the timeout keep the socket, and do not count as activity.
    now += 59_000 - SESSION_CACHE_TTL_MS;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.connected).toBe(true);
    now += SESSION_CACHE_TTL_MS + 1_000;
    expect(await reason).toBe("io server disconnect");
    expect(await getDb().userSession.findUniqueOrThrow({ where: { id: session.sessionId } })).toMatchObject({ revokedReason: "idle" });
  });
});

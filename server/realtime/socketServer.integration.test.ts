import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { closeSocketServer, createSocketServer } from "./socketServer";

const secret = "test-secret-that-is-long-enough-for-jwt-0123456789";
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function startInstance(options: { redisUrl?: string } = {}) {
  const http: HttpServer = createServer();
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const io = await createSocketServer(http, secret, { publicOrigins: ["http://localhost:3000"], ...options });
  cleanups.push(async () => {
    await closeSocketServer(io);
    http.close();
  });
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

async function sessionCookie(userId: string) {
  const token = await encode({
    secret,
    token: { uid: userId, username: "u", displayName: "用户", role: "SPECIALIST", institutionId: null },
  });
  return `next-auth.session-token=${token}`;
}

function connectClient(url: string, cookie?: string, headers: Record<string, string> = {}): ClientSocket {
  const socket = connect(url, { transports: ["websocket"], extraHeaders: { ...(cookie ? { cookie } : {}), ...headers }, reconnection: false });
  cleanups.push(async () => {
    socket.close();
  });
  return socket;
}

describe("socket.io server", () => {
  it("refuses a connection without a valid session cookie", async () => {
    const { url } = await startInstance();
    const refused = connectClient(url, "next-auth.session-token=forged");
    const error = await new Promise<Error>((resolve) => refused.on("connect_error", resolve));
    expect(error.message).toBe("UNAUTHENTICATED");
  });

  it("refuses a handshake from another site's page, even with a valid session cookie (cross-site WebSocket hijacking)", async () => {
    const { url } = await startInstance();
    const cookie = await sessionCookie(crypto.randomUUID());
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
    const userId = crypto.randomUUID();
    const client = connectClient(b.url, await sessionCookie(userId));
    await new Promise<void>((resolve, reject) => {
      client.on("connect", resolve);
      client.on("connect_error", reject);
    });
    const received = new Promise<unknown>((resolve) => client.on("notification", resolve));
    // Instance A sees the socket connected to B only through the Redis adapter.
    await expect.poll(async () => (await a.io.in(`user:${userId}`).fetchSockets()).length).toBe(1);
    a.io.to(`user:${userId}`).emit("notification" as never, { text: "会诊已安排" } as never);
    expect(await received).toEqual({ text: "会诊已安排" });
  });
});

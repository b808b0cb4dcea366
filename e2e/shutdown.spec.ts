/**
 * Graceful shutdown (issue 14) of the real production server, a process of this spec's own
 * (e2e/ownServer.ts): a request still arriving when SIGTERM comes gets its answer; a room's member
 * is told (server:restarting); no new connection is taken; the job queue stops taking work, the
 * SFU workers and the database pools close; the process exits 0 within the bound.
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import { expect, type Browser } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import { test, TestData } from "./data";
import { pageApi, SIGN_IN_TIMEOUT, signInAs, type Account } from "./fixtures";
import { startOwnServer, type OwnServer } from "./ownServer";

/** How long the process may take from SIGTERM to its exit here: the grace below plus the job queue's stop. */
const EXIT_BOUND_MS = 30_000;

let server: OwnServer;
let data: TestData;

test.beforeAll(async () => {
  test.setTimeout(360_000);
  server = await startOwnServer(3, { SHUTDOWN_GRACE_SECONDS: "15" });
  data = new TestData(server.port);
});

test.afterAll(async () => {
  await server?.stop();
});

async function signedInCookie(browser: Browser, account: Account) {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await signInAs(page, account.username);
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  return { page, cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ") };
}

/** A specialist in the lobby of a room of their own, by socket.io. */
async function hostInRoom(browser: Browser): Promise<Socket> {
  const [coordinator, host] = await Promise.all([data.coordinator(), data.specialist(null)]);
  const { page } = await signedInCookie(browser, coordinator);
  const start = new Date();
  const created = await pageApi(page).post("/api/video/rooms", {
    data: { title: `停机测试 ${start.getTime()}`, scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 3_600_000).toISOString(), hostUsernames: [host.username], participantUsernames: [] },
  });
  expect(created.status()).toBe(201);
  const { id: roomId } = (await created.json()) as { id: string };
  const member = await signedInCookie(browser, host);
  const { token } = (await (await pageApi(member.page).post(`/api/video/rooms/${roomId}/token`)).json()) as { token: string };
  const socket = io(`${server.direct}/media`, { transports: ["websocket"], extraHeaders: { cookie: member.cookie }, auth: { token, roomId }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const entered = (await socket.timeout(10_000).emitWithAck("lobby:enter", { reconnectKey: `host-${randomBytes(4).toString("hex")}` })) as { ok: boolean; state: string };
  expect(entered).toMatchObject({ ok: true, state: "admitted" });
  return socket;
}

/** A request whose body is still arriving: headers and half the body now, the rest on `finish()`. */
function slowRequest(): { finish(): void; answer: Promise<{ status: number; body: string }> } {
  const body = JSON.stringify({ code: "0".repeat(64) + ":1", terminalId: "SLOW-IM-01", step: "identification" });
  const request = http.request(`${server.direct}/api/v1/health-card/verify`, { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: "Bearer ehct_not-a-terminal-token" } });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    request.on("error", reject);
  });
  request.write(body.slice(0, 20));
  return { finish: () => request.end(body.slice(20)), answer };
}

test("SIGTERM: the request in flight is answered, the room is told, nothing new is taken, and the process exits 0", async ({ browser }) => {
  test.setTimeout(180_000);
  const socket = await hostInRoom(browser);
  const told = new Promise<{ message: string }>((resolve) => socket.once("server:restarting", resolve));
  const slow = slowRequest();
  // The server has the request (its headers and part of its body) before the signal.
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  const signalledAt = Date.now();
  server.process.kill("SIGTERM");
  expect((await told).message).toContain("平台服务器正在重启");
  // Stopping now: a new connection is refused.
  await expect.poll(() => fetch(`${server.direct}/api/health`).then(() => "answered", (error: Error) => (error.cause as { code?: string } | undefined)?.code ?? error.message), { timeout: 10_000 }).toBe("ECONNREFUSED");

  // The request that was in flight finishes and gets its (refusal) answer.
  slow.finish();
  const answer = await slow.answer;
  expect(answer.status).toBe(401);
  expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "TERMINAL_UNAUTHENTICATED" } });

  const code = await Promise.race([server.exited, new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), EXIT_BOUND_MS - (Date.now() - signalledAt)))]);
  expect(code).toBe(0);
  const output = server.output();
  expect(output).toContain("[e2e-server] server exited with code 0");
  // In order: the rooms told, the job queue stopped, the SFU workers closed, then the end (after the pools closed).
  const at = (message: string) => output.indexOf(`"msg":"${message}"`);
  expect(at("video.shutdown")).toBeGreaterThan(0);
  expect(output).toMatch(/"rooms":1,"told":1,"msg":"video.shutdown"/);
  expect(at("job queue stopped: no new work taken")).toBeGreaterThan(at("video.shutdown"));
  expect(at("sfu.poolClosed")).toBeGreaterThan(at("job queue stopped: no new work taken"));
  expect(at("stopped")).toBeGreaterThan(at("sfu.poolClosed"));
  expect(output).toMatch(/"roomMembersTold":1,"requestsFinished":true,"msg":"stopped"/);
  socket.close();
});

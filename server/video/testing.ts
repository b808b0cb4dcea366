/** A real signalling stack for tests and benchmarks: HTTP + socket.io + worker pool + registry. */
import { randomBytes } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { signedInSession } from "@/server/auth/testing";
import type { Db } from "@/server/db/client";
import type { UserRole } from "@/server/access/policy";
import type { VideoRoomRole } from "@/server/db/generated/enums";
import { RoomRegistry } from "@/server/sfu/roomRegistry";
import { testPoolOptions } from "@/server/sfu/testing";
import { WorkerPool } from "@/server/sfu/workerPool";
import { MEDIA_NAMESPACE } from "./protocol";
import { registerVideoSignalling, type VideoSignalling } from "./signalling";
import { createJoinToken } from "./tokens";

/** Signs the harness's session cookies. */
export const TEST_SECRET = "test-secret-for-video-signalling-0123456789";
/** Signs the harness's join tokens: a secret of its own, as on the platform. */
export const TEST_JOIN_TOKEN_SECRET = "test-join-token-secret-for-video-0123456789";

export interface Harness {
  url: string;
  pool: WorkerPool;
  registry: RoomRegistry;
  signalling: VideoSignalling;
  close(): Promise<void>;
}

export async function startHarness(db: Db, options: { rtcMinPort: number; workers?: number; reconnectGraceMs?: number }): Promise<Harness> {
  const http: HttpServer = createServer();
  const io = new Server(http, { serveClient: false });
  const pool = await WorkerPool.create(testPoolOptions({ size: options.workers ?? 1, rtcMinPort: options.rtcMinPort, rtcMaxPort: options.rtcMinPort + 999 }));
  const registry = new RoomRegistry({ pool, transportSettings: { listenIps: [{ ip: "127.0.0.1" }] } });
  const signalling = registerVideoSignalling({ io, registry, db, sessionSecret: TEST_SECRET, joinTokenSecret: TEST_JOIN_TOKEN_SECRET, reconnectGraceMs: options.reconnectGraceMs ?? 200 });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    pool,
    registry,
    signalling,
    async close() {
      signalling.close();
      await io.close();
      registry.close();
      pool.close();
    },
  };
}

export interface TestUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  cookie: string;
  /** The real server-side session behind the cookie. */
  sessionId: string;
}

export async function createTestUser(db: Db, role: UserRole, displayName = "测试用户"): Promise<TestUser> {
  const username = `video_${randomBytes(5).toString("hex")}`;
  const user = await db.user.create({ data: { username, displayName, role, passwordHash: "not-a-real-hash" } });
  const session = await signedInSession(user.id, { secret: TEST_SECRET, locale: "zh-CN" });
  return { id: user.id, username, displayName, role, cookie: session.cookie, sessionId: session.sessionId };
}

export function connectMedia(url: string, user: TestUser, auth: { token: string; roomId?: string }): ClientSocket {
  return connect(url + MEDIA_NAMESPACE, { transports: ["websocket"], extraHeaders: { cookie: user.cookie }, auth, reconnection: false, forceNew: true });
}

export function tokenFor(roomId: string, user: TestUser, role: VideoRoomRole): string {
  return createJoinToken(TEST_JOIN_TOKEN_SECRET, { roomId, userId: user.id, role });
}

export function connected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(error));
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AckResult = { ok: boolean; error?: { code: string; message: string } } & Record<string, any>;

export function request(socket: ClientSocket, message: string, payload: object = {}): Promise<AckResult> {
  return socket.timeout(10_000).emitWithAck(message, payload) as Promise<AckResult>;
}

export function nextEvent<T = unknown>(socket: ClientSocket, event: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** DTLS and RTP parameters a browser would send; mediasoup accepts them without real packets. */
export const FAKE_DTLS = { role: "client", fingerprints: [{ algorithm: "sha-256", value: Array.from({ length: 32 }, () => "AB").join(":") }] };

export function fakeRtpParameters(kind: "audio" | "video", ssrc: number): object {
  const codec =
    kind === "audio"
      ? { mimeType: "audio/opus", payloadType: 100, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }
      : { mimeType: "video/VP8", payloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback: [] };
  return { mid: kind === "audio" ? "0" : "1", codecs: [codec], headerExtensions: [], encodings: [{ ssrc }], rtcp: { cname: "test" } };
}

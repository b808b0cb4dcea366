/**
 * socket.io on the platform's HTTP server: live updates and (later) SFU signalling. A socket is
 * accepted only with a valid next-auth session cookie, from the platform's own origin (boundary.ts
 * socketHandshakeVerdict); identity comes from that cookie alone.
 * Each user's sockets join `user:<id>` so domain events can reach every tab of that person.
 */
import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server, type Socket } from "socket.io";
import { log } from "@/lib/log";
import { userFromCookieHeader } from "@/server/auth/sessionCookie";
import type { SessionUser } from "@/server/auth/signIn";
import { getConfig } from "@/server/config";
import { socketHandshakeVerdict } from "@/server/http/boundary";

const logger = log.child({ module: "realtime" });
export interface SocketData {
  user: SessionUser;
}

export type PlatformSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;

export interface SocketServerOptions {
  /** With Redis, events emitted on one instance reach sockets connected to every instance. */
  redisUrl?: string;
  /** Where the platform's pages run (config.publicOrigins); a handshake from any other origin is refused. */
  publicOrigins?: readonly string[];
}

export async function createSocketServer(httpServer: HttpServer, secret: string, options: SocketServerOptions = {}): Promise<Server> {
  const publicOrigins = options.publicOrigins ?? getConfig().publicOrigins;
  const io = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
    // Cross-site WebSocket hijacking: a page of another site opening a socket with the person's cookie.
    allowRequest: (req, callback) => {
      const verdict = socketHandshakeVerdict(req.headers, publicOrigins);
      if (!verdict.allowed) logger.warn("socket handshake from another site refused", { why: verdict.why });
      callback(verdict.allowed ? null : "CROSS_SITE", verdict.allowed);
    },
  });
  if (options.redisUrl) await attachRedisAdapter(io, options.redisUrl);
  io.use(async (socket, next) => {
    const user = await userFromCookieHeader(socket.request.headers.cookie, secret);
    if (!user) {
      next(Object.assign(new Error("UNAUTHENTICATED"), { data: { code: "UNAUTHENTICATED" } }));
      return;
    }
    (socket as PlatformSocket).data.user = user;
    next();
  });
  io.on("connection", (socket: PlatformSocket) => {
    const { user } = socket.data;
    void socket.join(`user:${user.id}`);
    logger.debug("socket connected", { userId: user.id, socketId: socket.id });
  });
  return io;
}

async function attachRedisAdapter(io: Server, redisUrl: string): Promise<void> {
  const publisher = createClient({ url: redisUrl });
  const subscriber = publisher.duplicate();
  for (const client of [publisher, subscriber]) {
    client.on("error", (error: Error) => logger.warn("redis connection problem", { error: error.message }));
  }
  await Promise.all([publisher.connect(), subscriber.connect()]);
  io.adapter(createAdapter(publisher, subscriber));
  redisClients.set(io, [publisher, subscriber]);
  logger.info("socket.io uses the Redis adapter");
}

const redisClients = new WeakMap<Server, { quit(): Promise<unknown> }[]>();

export async function closeSocketServer(io: Server): Promise<void> {
  await io.close();
  await Promise.allSettled((redisClients.get(io) ?? []).map((client) => client.quit()));
}

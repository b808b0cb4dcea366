/**
 * socket.io on the platform's HTTP server: live updates and (later) SFU signalling. A socket is
 * accepted only with the cookie of an active server-side session (server/auth/sessions.ts);
 * identity comes from that session alone. Each user's sockets join `user:<id>` so domain events
 * can reach every tab of that person, and `session:<id>` so they close when the session ends
 * (sessionWatch.ts). Handshakes from
 * another origin are refused (boundary.ts socketHandshakeVerdict).
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server, type Socket } from "socket.io";
import { log, withLogContext } from "@/lib/log";
import { sessionFromCookieHeader } from "@/server/auth/sessionCookie";
import type { SessionService } from "@/server/auth/sessions";
import type { SessionUser } from "@/server/auth/signIn";
import { getPlatform } from "@/server/platform";
import { SESSION_ENDED_EVENT } from "./events";
import { handshakeRequestId } from "./requestIds";
import { sessionRoom, watchSessions } from "./sessionWatch";
import { getConfig } from "@/server/config";
import { socketHandshakeVerdict } from "@/server/http/boundary";
import { newNonce, securityHeaders, securitySettingsOf } from "@/server/http/securityHeaders";

const logger = log.child({ module: "realtime" });
export interface SocketData {
  user: SessionUser;
  sessionId: string;
}

export type PlatformSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;

export interface SocketServerOptions {
  /** With Redis, events emitted on one instance reach sockets connected to every instance. */
  redisUrl?: string;
  /** The platform's sessions unless given. */
  sessions?: SessionService;
  /** How often open sockets' sessions are resolved again (sessionWatch.ts). */
  sessionRecheckMs?: number;
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
  // engine.io answers its own requests ahead of the platform's entry: the handshake, the polling
  // answers and the WebSocket upgrade get the same security headers here. Its refusals (an unknown
  // session id or transport, a refused handshake) are written without the "headers" event, so a
  // middleware sets them on every response first.
  const headerSettings = securitySettingsOf(getConfig());
  io.engine.on("headers", (headers: Record<string, string>) => Object.assign(headers, securityHeaders(newNonce(), headerSettings)));
  io.engine.use((_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!res.headersSent) for (const [name, value] of Object.entries(securityHeaders(newNonce(), headerSettings))) res.setHeader(name, value);
    next();
  });
  if (options.redisUrl) await attachRedisAdapter(io, options.redisUrl);
  const sessions = options.sessions ?? getPlatform().sessions;
  io.use((socket, next) => withLogContext({ requestId: handshakeRequestId(socket.request) }, () => authenticate(socket, next)));
  const authenticate = async (socket: Socket, next: (error?: Error) => void) => {
    let found;
    try {
      found = await sessionFromCookieHeader(socket.request.headers.cookie, secret, sessions);
    } catch (error) {
      logger.warn("could not resolve a socket's session", { error });
      next(Object.assign(new Error("UNAVAILABLE"), { data: { code: "UNAVAILABLE" } }));
      return;
    }
    if (found.state !== "active") {
      // The client tells "signed out" (no cookie) from "session ended" by the code.
      next(Object.assign(new Error("UNAUTHENTICATED"), { data: { code: found.state === "ended" ? "SESSION_EXPIRED" : "UNAUTHENTICATED" } }));
      return;
    }
    (socket as PlatformSocket).data.user = found.session.user;
    (socket as PlatformSocket).data.sessionId = found.session.sessionId;
    next();
  };
  io.on("connection", (socket: PlatformSocket) => {
    const { user, sessionId } = socket.data;
    void socket.join([`user:${user.id}`, sessionRoom(sessionId)]);
    logger.debug("socket connected", { userId: user.id, socketId: socket.id, requestId: handshakeRequestId(socket.request) });
  });
  stopWatching.set(io, watchSessions(io.of("/"), sessions, {
      intervalMs: options.sessionRecheckMs,
      touch: false,
      notify: (socket) => socket.emit(SESSION_ENDED_EVENT as never),
    }));
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
const stopWatching = new WeakMap<Server, () => void>();

export async function closeSocketServer(io: Server): Promise<void> {
  stopWatching.get(io)?.();
  await io.close();
  await Promise.allSettled((redisClients.get(io) ?? []).map((client) => client.quit()));
}

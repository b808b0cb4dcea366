/**
 * socket.io on the platform's HTTP server: live updates and (later) SFU signalling. A socket is
 * accepted only with a valid next-auth session cookie; identity comes from that cookie alone.
 * Each user's sockets join `user:<id>` so domain events can reach every tab of that person.
 */
import type { Server as HttpServer } from "node:http";
import { decode } from "next-auth/jwt";
import { Server, type Socket } from "socket.io";
import { log } from "@/lib/log";
import type { SessionUser } from "@/server/auth/signIn";

const logger = log.child({ module: "realtime" });
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export interface SocketData {
  user: SessionUser;
}

export type PlatformSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>;

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

export async function userFromCookieHeader(cookieHeader: string | undefined, secret: string): Promise<SessionUser | null> {
  const token = SESSION_COOKIES.map((name) => readCookie(cookieHeader, name)).find(Boolean);
  if (!token) return null;
  try {
    const jwt = await decode({ token, secret });
    if (!jwt?.uid || !jwt.role) return null;
    return { id: jwt.uid, username: jwt.username, displayName: jwt.displayName, role: jwt.role, institutionId: jwt.institutionId };
  } catch {
    return null;
  }
}

export function createSocketServer(httpServer: HttpServer, secret: string): Server {
  const io = new Server(httpServer, { path: "/socket.io", serveClient: false, connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 } });
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

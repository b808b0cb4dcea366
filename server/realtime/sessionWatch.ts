/**
 * Open sockets end with their session. Each socket joins `session:<id>`; when this process ends a
 * session (sign-out, disabled user, role change, idle timeout found on a request) the room's
 * sockets are disconnected at once (through the Redis adapter, on every instance), and every
 * `intervalMs` the sessions of this process's sockets are resolved again, so one that ends by
 * idleness or lifetime while only a socket is open, or is revoked by another instance, closes
 * within that interval. A socket of this process is told first (`notify`: the event
 * SESSION_ENDED_EVENT of events.ts); a disconnected client sees "io server disconnect", is not reconnected
 * by socket.io, and finds its session ended (components/notifications/NotificationsProvider.tsx).
 */
import type { Namespace, Socket } from "socket.io";
import { log } from "@/lib/log";
import type { ActiveSession, SessionService } from "@/server/auth/sessions";

export const SESSION_RECHECK_MS = 30_000;

export function sessionRoom(sessionId: string): string {
  return `session:${sessionId}`;
}

interface WatchedData {
  sessionId?: string;
  user?: ActiveSession["user"];
}

const logger = log.child({ module: "realtime.sessions" });

export function watchSessions(
  namespace: Namespace,
  sessions: Pick<SessionService, "resolve" | "onRevoked">,
  options: {
    intervalMs?: number;
    /** Whether an open socket counts as the person's activity (a video call does; a notification bell does not). */
    touch?: boolean;
    /** Tells a socket of this process why it is being closed, just before it is. */
    notify?: (socket: Socket) => void;
  } = {},
): () => void {
  const close = (socket: Socket) => {
    try {
      options.notify?.(socket);
    } finally {
      socket.disconnect(true);
    }
  };
  const unsubscribe = sessions.onRevoked((sessionIds) => {
    const rooms = sessionIds.map(sessionRoom);
    for (const socket of namespace.sockets.values()) {
      if (rooms.some((room) => socket.rooms.has(room))) close(socket);
    }
    // The session's sockets on other instances (through the Redis adapter).
    namespace.in(rooms).disconnectSockets(true);
  });
  let running = false;
  const recheck = async () => {
    if (running) return;
    running = true;
    try {
      const bySession = new Map<string, Socket[]>();
      for (const socket of namespace.sockets.values()) {
        const sessionId = (socket.data as WatchedData).sessionId;
        if (!sessionId) continue;
        bySession.set(sessionId, [...(bySession.get(sessionId) ?? []), socket]);
      }
      for (const [sessionId, sockets] of bySession) {
        let active: ActiveSession | null;
        try {
          active = await sessions.resolve(sessionId, { touch: options.touch ?? false });
        } catch (error) {
          // The database is unreachable: keep the sockets, ask again next time.
          logger.warn("could not re-check a socket's session", { error });
          continue;
        }
        for (const socket of sockets) {
          if (active) (socket.data as WatchedData).user = active.user;
          else close(socket);
        }
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void recheck(), options.intervalMs ?? SESSION_RECHECK_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}

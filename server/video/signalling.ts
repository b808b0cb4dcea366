/**
 * The /media socket.io namespace: join-token check at connection, then every message validated
 * (protocol.ts), authorised against the member's lobby state and role, and answered with an ack
 * `{ok:true,...}` or `{ok:false,error:{code,message}}` in the person's language.
 */
import type { Namespace, Server } from "socket.io";
import { isAppError, ValidationError } from "@/lib/errors";
import { localeFromCookieHeader } from "@/lib/cookies";
import { translate, type MessageKey } from "@/lib/i18n";
import { log, withLogContext } from "@/lib/log";
import type { Db } from "@/server/db/client";
import { sessionFromCookieHeader } from "@/server/auth/sessionCookie";
import type { SessionService } from "@/server/auth/sessions";
import { getPlatform } from "@/server/platform";
import { handshakeRequestId } from "@/server/realtime/requestIds";
import { sessionRoom, watchSessions } from "@/server/realtime/sessionWatch";
import type { RoomRegistry } from "@/server/sfu/roomRegistry";
import { LiveRoom } from "./liveRoom";
import type { ConnectivityProbe } from "./probe";
import type { MediaSocket, RoomLifecycle } from "./handlerContext";
import { MEDIA_NAMESPACE } from "./protocol";
import { registerFloorHandlers } from "./floorHandlers";
import { registerMediaHandlers } from "./mediaHandlers";
import { endForEveryone, registerRoomHandlers } from "./roomHandlers";
import { registerProbeHandlers } from "./probeHandlers";
import { closeGuestAccess } from "./guests";
import { verifyJoinToken } from "./tokens";

export interface VideoSignallingOptions {
  io: Server;
  registry: RoomRegistry;
  db: Db;
  /** Verifies session cookies (AUTH_SECRET). */
  sessionSecret: string;
  /** Verifies join tokens (JOIN_TOKEN_SECRET). */
  joinTokenSecret: string;
  /** Pre-join connectivity test transports; without it probe messages are refused. */
  probe?: ConnectivityProbe;
  /** How long a dropped participant's seat and media are kept for a reconnect. */
  reconnectGraceMs?: number;
  /** The platform's sessions unless given. */
  sessions?: SessionService;
  /** How often open media sockets' sessions are resolved again (server/realtime/sessionWatch.ts). */
  sessionRecheckMs?: number;
  /** What the call does to its consultation (start-up wires server/consultation/video.ts). */
  lifecycle?: RoomLifecycle;
}

export interface VideoSignalling {
  namespace: Namespace;
  rooms: Map<string, LiveRoom>;
  /**
   * Someone is no longer a member (a teaching registration cancelled): their open sockets of the
   * room hear why and are closed, on whichever process holds them; a new join token is refused.
   */
  removeMember(roomId: string, userId: string, messageKey: MessageKey): Promise<void>;
  /**
   * The call is over for good (its consultation's session ended from the consultation page): the
   * room is marked ended and whoever is in it on this process hears who ended it.
   */
  endRoom(roomId: string, endedBy: { id: string; displayName: string }): Promise<void>;
  /**
   * The process is stopping (SIGTERM): every member of every live room hears `server:restarting`
   * (why, in their language) and the rooms' records are closed and written; closing socket.io
   * then drops the connections, and the clients reconnect to the next process.
   * Answers how many people were told.
   */
  shutdown(): Promise<number>;
  close(): void;
}

/** What a room's members hear when the server shuts down; the client shows the message and reconnects. */
export const SERVER_RESTARTING_EVENT = "server:restarting";

/** Every socket of one member of one room (socket.io rooms reach sockets on every process through the adapter). */
const memberChannel = (roomId: string, userId: string) => `member:${roomId}:${userId}`;

const logger = log.child({ module: "video.signalling" });

export function registerVideoSignalling(options: VideoSignallingOptions): VideoSignalling {
  const { io, registry, db, sessionSecret, joinTokenSecret } = options;
  const namespace = io.of(MEDIA_NAMESPACE);
  const rooms = new Map<string, LiveRoom>();
  const opening = new Map<string, Promise<LiveRoom>>();

  const liveRoom = (roomId: string): Promise<LiveRoom> => {
    const existing = rooms.get(roomId);
    if (existing && !existing.ended) return Promise.resolve(existing);
    let pending = opening.get(roomId);
    if (!pending) {
      pending = (async () => {
        const row = await db.videoRoom.findUnique({ where: { id: roomId }, select: { status: true } });
        if (!row || row.status === "ENDED") throw new ValidationError("video.room.ended");
        const room = new LiveRoom(roomId, db, registry, options.reconnectGraceMs ?? 10_000, () => {
          if (rooms.get(roomId) === room) rooms.delete(roomId);
        });
        rooms.set(roomId, room);
        return room;
      })().finally(() => opening.delete(roomId));
      opening.set(roomId, pending);
    }
    return pending;
  };

  const sessions = options.sessions ?? getPlatform().sessions;
  // An open video call is the person's activity: its re-check keeps the session from idling out.
  const stopWatching = watchSessions(namespace, sessions, {
    intervalMs: options.sessionRecheckMs,
    touch: true,
    // The video client ends the call with this notice (the same event as a session ended by the host).
    notify: (socket) => {
      const data = (socket as MediaSocket).data;
      // A guest cannot sign in: they are told their link's access is over.
      socket.emit("session:ended", { message: translate(data.locale, data.user.role === "GUEST" ? "video.guest.sessionEnded" : "video.error.signInAgain") });
    },
  });

  namespace.use((rawSocket, next) => withLogContext({ requestId: handshakeRequestId(rawSocket.request) }, () => admit(rawSocket as MediaSocket, next)));
  const admit = async (socket: MediaSocket, next: (error?: Error) => void) => {
    const headers = socket.request.headers;
    const locale = localeFromCookieHeader(headers.cookie);
    const refuse = (code: string, messageKey: MessageKey) => {
      logger.warn("video.connectionRefused", { code, reason: messageKey, ip: socket.handshake.address });
      next(Object.assign(new Error(translate(locale, messageKey)), { data: { code, message: translate(locale, messageKey) } }));
    };
    let found;
    try {
      found = await sessionFromCookieHeader(headers.cookie, sessionSecret, sessions);
    } catch (error) {
      logger.warn("video.sessionUnavailable", { error });
      return refuse("UNAVAILABLE", "video.error.internal");
    }
    if (found.state !== "active") return refuse(found.state === "ended" ? "SESSION_EXPIRED" : "UNAUTHENTICATED", "video.error.signInAgain");
    const { user, sessionId } = found.session;
    const roomId = (socket.handshake.auth as { roomId?: unknown }).roomId;
    try {
      const claims = verifyJoinToken(joinTokenSecret, (socket.handshake.auth as { token?: unknown }).token, {
        roomId: typeof roomId === "string" ? roomId : undefined,
        userId: user.id,
      });
      socket.data = { user, sessionId, roomId: claims.roomId, role: claims.role, locale, requestId: handshakeRequestId(socket.request) };
      logger.info("video.connected", { roomId: claims.roomId, userId: user.id, role: claims.role });
      next();
    } catch (error) {
      if (isAppError(error)) return refuse(error.code, error.messageKey);
      next(error as Error);
    }
  };

  const socketOf = (roomId: string, userId: string): MediaSocket | undefined => rooms.get(roomId)?.members.get(userId)?.socket as MediaSocket | undefined;

  registry.on("roomCreated", (roomId) => {
    const sfuRoom = registry.get(roomId);
    if (!sfuRoom) return;
    sfuRoom.on("consumerClosed", (peerId, consumerId) => socketOf(roomId, peerId)?.emit("consumer:closed", { consumerId }));
    sfuRoom.on("producerClosed", (peerId, producerId) => namespace.to(`room:${roomId}`).emit("producer:closed", { userId: peerId, producerId }));
    sfuRoom.on("transportFailed", (peerId) => rooms.get(roomId)?.mediaFailed(peerId));
  });
  // The SFU room closed under people still in media (its rebuild failed): they start media again.
  registry.on("roomClosed", (roomId) => {
    const room = rooms.get(roomId);
    if (!room || room.ended) return;
    for (const member of room.members.values()) {
      if (member.state === "joined") member.socket?.emit("media:rebuilt", {});
    }
  });
  registry.on("roomRebuilt", (roomId) => {
    logger.warn("video.roomRebuilt", { roomId });
    namespace.to(`room:${roomId}`).emit("media:rebuilt", {});
  });

  namespace.on("connection", (rawSocket) => {
    const socket = rawSocket as MediaSocket;
    void socket.join([sessionRoom(socket.data.sessionId), memberChannel(socket.data.roomId, socket.data.user.id)]);
    const context = { socket, namespace, registry, db, sessions, liveRoom, rooms, lifecycle: options.lifecycle };
    registerRoomHandlers(context);
    registerMediaHandlers(context);
    registerFloorHandlers(context);
    registerProbeHandlers(context, options.probe);
  });

  return {
    namespace,
    rooms,
    async removeMember(roomId, userId, messageKey) {
      for (const socket of await namespace.in(memberChannel(roomId, userId)).fetchSockets()) {
        socket.emit("lobby:removed", { message: translate((socket.data as MediaSocket["data"]).locale, messageKey) });
        socket.disconnect(true);
      }
    },
    async endRoom(roomId, endedBy) {
      const room = rooms.get(roomId);
      if (room && !room.ended) await endForEveryone(room, endedBy.displayName, endedBy.id);
      await db.videoRoom.updateMany({ where: { id: roomId, status: { not: "ENDED" } }, data: { status: "ENDED" } });
      await closeGuestAccess(db, sessions, roomId);
      // The room's sockets elsewhere (another instance, or a pre-join check not yet in the lobby) hear it too.
      for (const socket of await namespace.fetchSockets()) {
        const data = socket.data as MediaSocket["data"];
        if (data.roomId !== roomId) continue;
        socket.emit("session:ended", { message: translate(data.locale, "video.session.endedByHost", { name: endedBy.displayName }) });
        socket.disconnect(true);
      }
    },
    async shutdown() {
      stopWatching();
      let told = 0;
      const open = [...rooms.values()];
      for (const room of open) {
        for (const member of room.closeForShutdown()) {
          const memberSocket = member.socket as MediaSocket | undefined;
          if (!memberSocket) continue;
          memberSocket.emit(SERVER_RESTARTING_EVENT, { message: translate(memberSocket.data.locale, "video.server.restarting") });
          told += 1;
        }
      }
      await Promise.all(open.map((room) => room.flush()));
      logger.info("video.shutdown", { rooms: open.length, told });
      // The sockets are left to socket.io's own close: a transport that goes (not a server
      // disconnect) is what makes clients reconnect by themselves, to the next process.
      return told;
    },
    close() {
      stopWatching();
      for (const room of [...rooms.values()]) room.end();
      namespace.disconnectSockets(true);
    },
  };
}

/** Lobby, host controls, chat, annotations and disconnects on the /media namespace. */
import { ConflictError } from "@/lib/errors";
import { translate } from "@/lib/i18n";
import type { LiveRoom } from "./liveRoom";
import { closeGuestAccess, guestKindOf } from "./guests";
import { listChatMessages, saveChatMessage } from "./record";
import { on, type HandlerContext, type MediaSocket } from "./handlerContext";
import { broadcastRoster, producersOf } from "./roster";

const MAX_KEPT_STROKES = 500;

export function registerRoomHandlers(context: HandlerContext): void {
  const { socket, registry, db } = context;
  const { user, roomId, role, locale } = socket.data;
  const currentRoom = (): LiveRoom => {
    const room = context.rooms.get(roomId);
    if (!room || room.ended) throw new ConflictError("video.lobby.notInRoom", undefined, "NOT_IN_ROOM");
    return room;
  };

  on(context, "lobby:enter", async ({ reconnectKey }) => {
    const room = await context.liveRoom(roomId);
    const guestKind = user.role === "GUEST" ? await guestKindOf(db, user.id) : null;
    const result = room.enter(socket, { userId: user.id, displayName: user.displayName, role, guestKind }, reconnectKey);
    if (result.replaced) {
      result.replaced.emit("session:replaced", { message: translate(locale, "video.session.replaced") });
      result.replaced.disconnect(true);
    }
    if (role === "HOST") await socket.join(room.hostChannel);
    let routerRtpCapabilities: unknown;
    if (result.state !== "waiting") {
      await socket.join(room.channel);
      routerRtpCapabilities = (await registry.getOrCreate(roomId)).getRouterRtpCapabilities();
    }
    broadcastRoster(context, room);
    const sfuRoom = registry.get(roomId);
    return {
      state: result.state,
      resumed: result.resumed,
      role,
      userId: user.id,
      routerRtpCapabilities,
      participants: result.state === "waiting" ? [] : room.participants(),
      waiting: role === "HOST" ? room.waiting() : [],
      annotations: room.annotations,
      frozenFrame: room.frozenFrame ?? null,
      // A resumed client missed announcements while it was away.
      producers: result.resumed && sfuRoom ? producersOf(sfuRoom, user.id) : [],
    };
  });

  on(context, "host:admit", async ({ userId }) => {
    const room = currentRoom();
    room.requireHost(user.id);
    const member = room.admit(userId);
    const routerRtpCapabilities = (await registry.getOrCreate(roomId)).getRouterRtpCapabilities();
    if (member.socket) {
      await member.socket.join(room.channel);
      member.socket.emit("lobby:admitted", { routerRtpCapabilities });
    }
    broadcastRoster(context, room);
  });

  on(context, "host:remove", ({ userId }) => {
    const room = currentRoom();
    room.requireHost(user.id);
    if (userId === user.id) throw new ConflictError("video.host.cannotRemoveSelf");
    const target = room.member(userId);
    const targetSocket = target.socket as MediaSocket | undefined;
    room.drop(userId, "removed");
    if (targetSocket) {
      targetSocket.emit("lobby:removed", { message: translate(targetSocket.data.locale, "video.lobby.removed") });
      targetSocket.disconnect(true);
    }
    if (!room.ended) broadcastRoster(context, room);
  });

  on(context, "host:mute", async ({ userId }) => {
    const room = currentRoom();
    room.requireHost(user.id);
    const target = room.requireState(userId, "joined");
    const peer = registry.get(roomId)?.peers.get(userId);
    for (const producer of peer?.producers.values() ?? []) {
      if (producer.kind !== "audio" || producer.paused) continue;
      await producer.pause();
      context.namespace.to(room.channel).emit("producer:paused", { userId, producerId: producer.id, paused: true });
    }
    const targetSocket = target.socket as MediaSocket | undefined;
    targetSocket?.emit("host:muted", { message: translate(targetSocket.data.locale, "video.host.mutedYou", { name: user.displayName }) });
  });

  on(context, "host:end", async () => {
    const room = currentRoom();
    room.requireHost(user.id);
    // The host gets the ack instead and leaves by itself.
    await endForEveryone(room, user.displayName, user.id, socket.id);
    await closeGuestAccess(db, context.sessions, roomId);
    // The consultation moves with the call (IN_SESSION → OPINION_PENDING); the host goes on to the opinion.
    return (await context.lifecycle?.endedByHost(user, roomId)) ?? {};
  });

  on(context, "chat:send", async ({ body }) => {
    const room = currentRoom();
    room.requireState(user.id, "admitted", "joined");
    const message = await saveChatMessage(db, roomId, user.id, body);
    context.namespace.to(room.channel).emit("chat:message", message);
    return { message };
  });

  on(context, "chat:history", async () => {
    currentRoom().requireState(user.id, "admitted", "joined");
    return { messages: await listChatMessages(db, roomId) };
  });

  on(context, "annotate", (annotation) => {
    const room = currentRoom();
    room.requireState(user.id, "joined");
    if (annotation.type === "stroke") {
      room.annotations.push(annotation);
      if (room.annotations.length > MAX_KEPT_STROKES) room.annotations.shift();
    } else if (annotation.type === "clear") {
      room.annotations = [];
    } else if (annotation.type === "freeze") {
      room.frozenFrame = annotation.image;
      room.annotations = [];
    } else if (annotation.type === "unfreeze") {
      room.frozenFrame = undefined;
      room.annotations = [];
    }
    socket.to(room.channel).emit("annotation", { ...annotation, userId: user.id, displayName: user.displayName });
  });

  on(context, "stats:quality", ({ level }) => {
    const room = currentRoom();
    const member = room.member(user.id);
    if (member.quality === level) return;
    member.quality = level;
    context.namespace.to(room.channel).emit("participants", { participants: room.participants() });
  });

  socket.on("disconnect", (reason) => {
    const room = context.rooms.get(roomId);
    if (!room) return;
    const graceful = reason === "client namespace disconnect" || reason === "server namespace disconnect";
    room.detach(socket, user.id, graceful);
    if (!room.ended) broadcastRoster(context, room);
  });
}

/**
 * Ends a live room for good: every member but `exceptSocketId` hears who ended it and is closed.
 * Resolves once the record is written, so whoever opens it next sees the end time.
 */
export async function endForEveryone(room: LiveRoom, endedByName: string, endedById: string, exceptSocketId?: string): Promise<void> {
  for (const member of room.end(endedById)) {
    const memberSocket = member.socket as MediaSocket | undefined;
    if (!memberSocket || memberSocket.id === exceptSocketId) continue;
    memberSocket.emit("session:ended", { message: translate(memberSocket.data.locale, "video.session.endedByHost", { name: endedByName }) });
    memberSocket.disconnect(true);
  }
  await room.flush();
}

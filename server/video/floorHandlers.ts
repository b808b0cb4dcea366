/**
 * Giving the floor (举手发言): a host lets one viewer send their voice (and their camera when
 * allowed) and takes it back. The grant is the live room's state, which the access policy reads
 * on every message (handlerContext.ts, the floorHolder ground); taking it back closes the
 * viewer's send transport, and with it their producers, at once.
 */
import { ConflictError } from "@/lib/errors";
import { translate } from "@/lib/i18n";
import type { Floor, LiveRoom } from "./liveRoom";
import { on, type HandlerContext, type MediaSocket } from "./handlerContext";
import { broadcastRoster } from "./roster";

export function registerFloorHandlers(context: HandlerContext): void {
  const { socket } = context;
  const { user, roomId } = socket.data;
  const currentRoom = (): LiveRoom => {
    const room = context.rooms.get(roomId);
    if (!room || room.ended) throw new ConflictError("video.lobby.notInRoom", undefined, "NOT_IN_ROOM");
    room.requireHost(user.id);
    return room;
  };

  on(context, "floor:grant", ({ userId, video }) => {
    const room = currentRoom();
    const { previous, floor } = room.grantFloor(userId, video);
    if (previous) endFloorMedia(context, room, previous, user.displayName);
    const holder = room.members.get(userId)?.socket as MediaSocket | undefined;
    holder?.emit("floor:granted", { video, message: translate(holder.data.locale, video ? "video.floor.grantedWithVideo" : "video.floor.granted", { name: user.displayName }) });
    broadcastRoster(context, room);
    return { floor };
  });

  on(context, "floor:revoke", () => {
    const room = currentRoom();
    const previous = room.takeFloor();
    if (previous) endFloorMedia(context, room, previous, user.displayName);
    broadcastRoster(context, room);
    return { revoked: previous?.userId ?? null };
  });
}

/** The former holder's media goes now: their send transport closes, and with it every producer (the room hears producer:closed). */
function endFloorMedia(context: HandlerContext, room: LiveRoom, floor: Floor, byName: string): void {
  context.registry.get(room.roomId)?.peers.get(floor.userId)?.closeSendTransports();
  const holder = room.members.get(floor.userId)?.socket as MediaSocket | undefined;
  holder?.emit("floor:revoked", { message: translate(holder.data.locale, "video.floor.revoked", { name: byName }) });
}

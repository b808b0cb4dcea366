/** Media negotiation on the /media namespace: transports, producers, consumers, ICE restarts. */
import type { types as ms } from "mediasoup";
import { AppError, ConflictError } from "@/lib/errors";
import type { Room } from "@/server/sfu/room";
import type { LiveRoom } from "./liveRoom";
import { on, ViewerCannotPublishError, type HandlerContext } from "./handlerContext";
import { broadcastRoster, producersOf, sourceOf, type ProducerView } from "./roster";

export function registerMediaHandlers(context: HandlerContext): void {
  const { socket, registry } = context;
  const { user, roomId, role } = socket.data;

  const joined = (): { room: LiveRoom; sfuRoom: Room } => {
    const room = context.rooms.get(roomId);
    if (!room || room.ended) throw new ConflictError("video.lobby.notInRoom", undefined, "NOT_IN_ROOM");
    const member = room.requireState(user.id, "joined");
    if (member.socket?.id !== socket.id) throw new ConflictError("video.session.replaced", undefined, "REPLACED");
    const sfuRoom = registry.get(roomId);
    if (!sfuRoom) throw new ConflictError("sfu.roomRebuilding", undefined, "REJOIN_MEDIA");
    return { room, sfuRoom };
  };

  on(context, "media:join", async ({ rtpCapabilities }) => {
    const room = context.rooms.get(roomId);
    if (!room || room.ended) throw new ConflictError("video.lobby.notInRoom", undefined, "NOT_IN_ROOM");
    const member = room.requireState(user.id, "admitted", "joined");
    if (member.socket?.id !== socket.id) throw new ConflictError("video.session.replaced", undefined, "REPLACED");
    member.rtpCapabilities = rtpCapabilities;
    let sfuRoom = registry.get(roomId);
    const existingPeer = sfuRoom && !sfuRoom.closed ? sfuRoom.peers.get(user.id) : undefined;
    if (sfuRoom && existingPeer) {
      // Rejoining after a rebuild or a media reset: same membership, fresh transports.
      existingPeer.closeMedia();
    } else {
      sfuRoom = (await registry.join(roomId, user.id)).room;
    }
    // A viewer only receives: no transport to send on until a host gives them the floor (media:sendTransport).
    const [sendTransport, recvTransport] = await Promise.all([
      role === "VIEWER" ? null : sfuRoom.createWebRtcTransport(user.id, "send"),
      sfuRoom.createWebRtcTransport(user.id, "recv"),
    ]);
    room.markJoined(member);
    await socket.join(room.channel);
    broadcastRoster(context, room);
    // The host in the call starts the consultation's session (SCHEDULED → IN_SESSION).
    if (role === "HOST") await context.lifecycle?.hostJoined(user, roomId);
    return { sendTransport, recvTransport, producers: producersOf(sfuRoom, user.id), participants: room.participants() };
  });

  on(context, "media:leave", () => {
    const room = context.rooms.get(roomId);
    if (!room) return;
    const member = room.members.get(user.id);
    if (member?.state === "joined" && member.socket?.id === socket.id) room.leaveMedia(member, "left");
    broadcastRoster(context, room);
  });

  on(context, "media:sendTransport", async () => {
    const { room, sfuRoom } = joined();
    // A fresh one each time (the floor given again): the old one and its producers go.
    const peer = sfuRoom.getPeer(user.id);
    peer.closeSendTransports();
    const sendTransport = await sfuRoom.createWebRtcTransport(user.id, "send");
    // The floor may have been taken back while the transport was being made.
    if (role === "VIEWER" && !room.holdsFloor(user.id)) {
      peer.closeSendTransports();
      throw new ViewerCannotPublishError();
    }
    return { sendTransport };
  });

  on(context, "transport:connect", async ({ transportId, dtlsParameters }) => {
    await joined().sfuRoom.connectTransport(user.id, transportId, dtlsParameters as unknown as ms.DtlsParameters);
  });

  on(context, "transport:restartIce", async ({ transportId }) => {
    return { iceParameters: await joined().sfuRoom.restartIce(user.id, transportId) };
  });

  on(context, "produce", async ({ transportId, kind, rtpParameters, source }) => {
    const { room, sfuRoom } = joined();
    if (role === "VIEWER") assertFloorAllows(room, kind, source);
    const info = await sfuRoom.produce(user.id, transportId, { kind, rtpParameters: rtpParameters as unknown as ms.RtpParameters, appData: { source } });
    // The floor may have been taken back while the producer was being made.
    if (role === "VIEWER" && !room.holdsFloor(user.id)) {
      sfuRoom.peers.get(user.id)?.producers.get(info.producerId)?.close();
      throw new ViewerCannotPublishError();
    }
    const view: ProducerView = { userId: user.id, producerId: info.producerId, kind, source, paused: false };
    socket.to(room.channel).emit("producer:new", view);
    return { id: info.producerId };
  });

  on(context, "consume", async ({ producerId }) => {
    const { room, sfuRoom } = joined();
    const member = room.member(user.id);
    const consumer = await sfuRoom.consume(user.id, producerId, member.rtpCapabilities as ms.RtpCapabilities);
    const producerPeer = sfuRoom.peers.get(consumer.producerPeerId);
    const producer = producerPeer?.producers.get(producerId);
    return { consumer: { ...consumer, source: sourceOf(producer?.appData), userId: consumer.producerPeerId } };
  });

  on(context, "consumer:resume", async ({ consumerId }) => {
    await joined().sfuRoom.resumeConsumer(user.id, consumerId);
  });

  for (const [message, paused] of [["producer:pause", true], ["producer:resume", false]] as const) {
    on(context, message, async ({ producerId }) => {
      const { room, sfuRoom } = joined();
      if (paused) await sfuRoom.pauseProducer(user.id, producerId);
      else await sfuRoom.resumeProducer(user.id, producerId);
      context.namespace.to(room.channel).emit("producer:paused", { userId: user.id, producerId, paused });
    });
  }

  on(context, "producer:close", ({ producerId }) => {
    joined().sfuRoom.closeProducer(user.id, producerId);
  });
}

/** What the floor lets a viewer send: their voice, their camera only when the host allowed video, never a screen. */
function assertFloorAllows(room: LiveRoom, kind: "audio" | "video", source: string): void {
  if (kind === "audio" && source === "mic") return;
  if (kind === "video" && source === "camera" && room.floor?.video) return;
  if (kind === "video" && source === "camera") throw new AppError("FORBIDDEN", "video.floor.audioOnly", { publicCode: "FLOOR_AUDIO_ONLY" });
  throw new AppError("FORBIDDEN", "video.floor.micOrCamera", { publicCode: "FLOOR_MIC_OR_CAMERA" });
}

/** What a room tells its members about each other: the roster and lobby, and the producers to consume. */
import type { Room } from "@/server/sfu/room";
import type { HandlerContext } from "./handlerContext";
import type { LiveRoom } from "./liveRoom";
import type { MediaSource } from "./protocol";

export function broadcastRoster(context: HandlerContext, room: LiveRoom): void {
  context.namespace.to(room.channel).emit("participants", { participants: room.participants() });
  context.namespace.to(room.hostChannel).emit("lobby:update", { waiting: room.waiting() });
}

export interface ProducerView {
  userId: string;
  producerId: string;
  kind: "audio" | "video";
  source: MediaSource;
  paused: boolean;
}

export function producersOf(sfuRoom: Room, exceptUserId: string): ProducerView[] {
  const views: ProducerView[] = [];
  for (const peer of sfuRoom.peers.values()) {
    if (peer.id === exceptUserId) continue;
    for (const producer of peer.producers.values()) {
      views.push({ userId: peer.id, producerId: producer.id, kind: producer.kind, source: sourceOf(producer.appData), paused: producer.paused });
    }
  }
  return views;
}

export function sourceOf(appData: unknown): MediaSource {
  const source = (appData as { source?: unknown } | undefined)?.source;
  return source === "mic" || source === "screen" ? source : "camera";
}

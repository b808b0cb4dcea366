import { EventEmitter } from "node:events";
import type { types as ms } from "mediasoup";
import { NotFoundError } from "@/lib/errors";
import { MISSING } from "@/server/notFound";

export type TransportDirection = "send" | "recv";

export interface PeerCounts {
  transports: number;
  producers: number;
  consumers: number;
}

export type PeerEvents = { close: [] };

/**
 * One participant of a room and the media objects it owns. Each child removes itself from these
 * Maps when mediasoup closes it (by us, by its transport, by its producer going away, or by the
 * router/worker dying), so the Maps never hold closed objects.
 */
export class Peer extends EventEmitter<PeerEvents> {
  readonly transports = new Map<string, ms.WebRtcTransport>();
  readonly producers = new Map<string, ms.Producer>();
  readonly consumers = new Map<string, ms.Consumer>();
  private isClosed = false;

  constructor(
    readonly id: string,
    readonly roomId: string,
  ) {
    super();
  }

  get closed(): boolean {
    return this.isClosed;
  }

  addTransport(transport: ms.WebRtcTransport): void {
    this.adopt(this.transports, transport);
  }

  addProducer(producer: ms.Producer): void {
    this.adopt(this.producers, producer);
  }

  addConsumer(consumer: ms.Consumer): void {
    this.adopt(this.consumers, consumer);
  }

  getTransport(transportId: string): ms.WebRtcTransport {
    const transport = this.transports.get(transportId);
    if (!transport) throw new NotFoundError(MISSING.transport, { transportId });
    return transport;
  }

  getProducer(producerId: string): ms.Producer {
    const producer = this.producers.get(producerId);
    if (!producer) throw new NotFoundError(MISSING.producer, { producerId });
    return producer;
  }

  getConsumer(consumerId: string): ms.Consumer {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) throw new NotFoundError(MISSING.consumer, { consumerId });
    return consumer;
  }

  /** The transport the peer receives on (the newest one, should it have opened several). */
  recvTransport(): ms.WebRtcTransport {
    let found: ms.WebRtcTransport | undefined;
    for (const transport of this.transports.values()) {
      if (transportDirection(transport) === "recv") found = transport;
    }
    if (!found) throw new NotFoundError(MISSING.recvTransport, { peerId: this.id });
    return found;
  }

  counts(): PeerCounts {
    return { transports: this.transports.size, producers: this.producers.size, consumers: this.consumers.size };
  }

  /** Closes the transports it sends on, and with them (through mediasoup) its producers; receiving goes on. */
  closeSendTransports(): void {
    for (const transport of [...this.transports.values()]) if (transportDirection(transport) === "send") transport.close();
  }

  /** Closes every transport (and, through mediasoup, their producers and consumers) but keeps the peer. */
  closeMedia(): void {
    for (const transport of [...this.transports.values()]) transport.close();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeMedia();
    this.emit("close");
    this.removeAllListeners();
  }

  private adopt<T extends { id: string; observer: ms.Producer["observer"] }>(map: Map<string, T>, child: T): void {
    map.set(child.id, child);
    child.observer.once("close", () => map.delete(child.id));
  }
}

export function transportDirection(transport: ms.Transport): TransportDirection | undefined {
  const direction = (transport.appData as { direction?: unknown } | undefined)?.direction;
  return direction === "send" || direction === "recv" ? direction : undefined;
}

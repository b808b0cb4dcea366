import { EventEmitter } from "node:events";
import type { types as ms } from "mediasoup";
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from "@/lib/errors";
import { log } from "@/lib/log";
import { Peer, transportDirection, type PeerCounts, type TransportDirection } from "./peer";
import type { PoolWorker } from "./workerPool";
import { MISSING } from "@/server/notFound";

export const MEDIA_CODECS: ms.RtpCodecCapability[] = [
  { kind: "audio", mimeType: "audio/opus", clockRate: 48000, channels: 2 },
  { kind: "video", mimeType: "video/VP8", clockRate: 90000, parameters: { "x-google-start-bitrate": 1000 } },
  {
    kind: "video",
    mimeType: "video/H264",
    clockRate: 90000,
    parameters: { "packetization-mode": 1, "profile-level-id": "42e01f", "level-asymmetry-allowed": 1 },
  },
];

export interface RoomTransportSettings {
  listenIps: ms.TransportListenIp[];
  initialAvailableOutgoingBitrate: number;
  enableSctp: boolean;
}

export interface RoomOptions {
  id: string;
  worker: PoolWorker;
  transportSettings: RoomTransportSettings;
  mediaCodecs?: ms.RtpCodecCapability[];
  /** Close the room when its last peer leaves (default true). */
  closeWhenEmpty?: boolean;
}

export interface TransportInfo {
  id: string;
  iceParameters: ms.IceParameters;
  iceCandidates: ms.IceCandidate[];
  dtlsParameters: ms.DtlsParameters;
  sctpParameters: ms.SctpParameters | undefined;
}

export interface ProducerInfo {
  peerId: string;
  producerId: string;
  kind: ms.MediaKind;
  appData: Record<string, unknown>;
}

export interface ConsumerInfo {
  id: string;
  producerId: string;
  producerPeerId: string;
  kind: ms.MediaKind;
  rtpParameters: ms.RtpParameters;
  type: ms.ConsumerType;
  producerPaused: boolean;
}

export interface ProduceRequest {
  kind: ms.MediaKind;
  rtpParameters: ms.RtpParameters;
  appData?: Record<string, unknown>;
}

export type RoomCounts = { peers: number } & PeerCounts;

export type RoomEvents = {
  close: [];
  /** The router was recreated on a live worker: every peer's media is gone and must be renegotiated. */
  rebuilt: [];
  peerClosed: [peerId: string];
  producerAdded: [producer: ProducerInfo];
  producerClosed: [peerId: string, producerId: string];
  /** A consumer closed on the server side (its producer left); tell the consuming client. */
  consumerClosed: [peerId: string, consumerId: string];
  /** DTLS failed or was closed by the remote; the transport has been closed. */
  transportFailed: [peerId: string, transportId: string];
};

export class Room extends EventEmitter<RoomEvents> {
  readonly peers = new Map<string, Peer>();
  private isClosed = false;
  private rebuilding: Promise<void> | undefined;
  private currentWorker: PoolWorker;
  private readonly logger;

  static async create(options: RoomOptions): Promise<Room> {
    const mediaCodecs = options.mediaCodecs ?? MEDIA_CODECS;
    const router = await options.worker.createRouter({ mediaCodecs, appData: { roomId: options.id } });
    return new Room(options, router, mediaCodecs);
  }

  private constructor(
    private readonly options: RoomOptions,
    private currentRouter: ms.Router,
    private readonly mediaCodecs: ms.RtpCodecCapability[],
  ) {
    super();
    this.logger = log.child({ module: "sfu.room", roomId: options.id });
    this.currentWorker = options.worker;
  }

  get id(): string {
    return this.options.id;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get router(): ms.Router {
    return this.currentRouter;
  }

  get workerPid(): number {
    return this.currentWorker.pid;
  }

  getRouterRtpCapabilities(): ms.RtpCapabilities {
    return this.currentRouter.rtpCapabilities;
  }

  addPeer(peerId: string): Peer {
    this.assertOpen();
    if (this.peers.has(peerId)) throw new ConflictError("sfu.peerAlreadyJoined", { peerId });
    const peer = new Peer(peerId, this.id);
    this.peers.set(peerId, peer);
    peer.once("close", () => this.onPeerClosed(peer));
    return peer;
  }

  getPeer(peerId: string): Peer {
    const peer = this.peers.get(peerId);
    if (!peer) throw new NotFoundError(MISSING.peer, { peerId, roomId: this.id });
    return peer;
  }

  removePeer(peerId: string): void {
    this.peers.get(peerId)?.close();
  }

  /** Every producer in the room, for a newcomer to consume. */
  listProducers(exceptPeerId?: string): ProducerInfo[] {
    const list: ProducerInfo[] = [];
    for (const peer of this.peers.values()) {
      if (peer.id === exceptPeerId) continue;
      for (const producer of peer.producers.values()) list.push(producerInfo(peer.id, producer));
    }
    return list;
  }

  async createWebRtcTransport(peerId: string, direction: TransportDirection): Promise<TransportInfo> {
    const router = await this.liveRouter();
    const peer = this.getPeer(peerId);
    const { listenIps, initialAvailableOutgoingBitrate, enableSctp } = this.options.transportSettings;
    const transport = await router.createWebRtcTransport({
      listenIps,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate,
      enableSctp,
      numSctpStreams: { OS: 1024, MIS: 1024 },
      appData: { peerId, direction },
    });
    // The peer may have left, or the worker died, while the transport was being created.
    if (peer.closed || transport.closed) {
      transport.close();
      throw new UnavailableError("sfu.transportAborted");
    }
    peer.addTransport(transport);
    this.logger.debug("sfu.transportCreated", { peerId, transportId: transport.id, direction, workerPid: this.currentWorker.pid });
    transport.on("dtlsstatechange", (state) => {
      if (state !== "failed" && state !== "closed") return;
      this.logger.warn("sfu.transportDtlsEnded", { peerId, transportId: transport.id, state });
      transport.close();
      this.emit("transportFailed", peerId, transport.id);
    });
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
      sctpParameters: transport.sctpParameters,
    };
  }

  async connectTransport(peerId: string, transportId: string, dtlsParameters: ms.DtlsParameters): Promise<void> {
    const transport = this.getPeer(peerId).getTransport(transportId);
    // mediasoup answers a second connect() with a plain Error, which would read as our fault (INTERNAL).
    const state = transport.appData as { connected?: boolean };
    if (state.connected) throw new ConflictError("sfu.transportAlreadyConnected", { transportId }, "TRANSPORT_ALREADY_CONNECTED");
    await translateMediasoupErrors(() => transport.connect({ dtlsParameters }));
    state.connected = true;
  }

  async restartIce(peerId: string, transportId: string): Promise<ms.IceParameters> {
    return this.getPeer(peerId).getTransport(transportId).restartIce();
  }

  async produce(peerId: string, transportId: string, request: ProduceRequest): Promise<ProducerInfo> {
    const peer = this.getPeer(peerId);
    const transport = peer.getTransport(transportId);
    if (transportDirection(transport) !== "send") throw new ValidationError("sfu.notASendTransport", { transportId });
    const producer = await translateMediasoupErrors(() =>
      transport.produce({
        kind: request.kind,
        rtpParameters: request.rtpParameters,
        appData: { ...request.appData, peerId },
      }),
    );
    if (peer.closed || producer.closed) {
      producer.close();
      throw new UnavailableError("sfu.producerAborted");
    }
    peer.addProducer(producer);
    this.logger.debug("sfu.producerCreated", { peerId, producerId: producer.id, kind: producer.kind });
    producer.observer.once("close", () => this.emit("producerClosed", peerId, producer.id));
    const info = producerInfo(peerId, producer);
    this.emit("producerAdded", info);
    return info;
  }

  /** Consumers start paused: the client resumes them once its track is wired, so no keyframe is lost. */
  async consume(consumerPeerId: string, producerId: string, rtpCapabilities: ms.RtpCapabilities): Promise<ConsumerInfo> {
    const router = await this.liveRouter();
    const peer = this.getPeer(consumerPeerId);
    const producerPeerId = this.findProducerOwner(producerId);
    if (!router.canConsume({ producerId, rtpCapabilities })) {
      throw new ConflictError("sfu.cannotConsume", { producerId }, "SFU_CANNOT_CONSUME");
    }
    const transport = peer.recvTransport();
    const consumer = await translateMediasoupErrors(() =>
      transport.consume({ producerId, rtpCapabilities, paused: true, appData: { peerId: consumerPeerId, producerPeerId } }),
    );
    if (peer.closed || consumer.closed) {
      consumer.close();
      throw new UnavailableError("sfu.consumerAborted");
    }
    peer.addConsumer(consumer);
    this.logger.debug("sfu.consumerCreated", { peerId: consumerPeerId, consumerId: consumer.id, producerId });
    consumer.on("producerclose", () => this.emit("consumerClosed", consumerPeerId, consumer.id));
    return {
      id: consumer.id,
      producerId,
      producerPeerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      type: consumer.type,
      producerPaused: consumer.producerPaused,
    };
  }

  async resumeConsumer(peerId: string, consumerId: string): Promise<void> {
    await this.getPeer(peerId).getConsumer(consumerId).resume();
  }

  async pauseProducer(peerId: string, producerId: string): Promise<void> {
    await this.getPeer(peerId).getProducer(producerId).pause();
  }

  async resumeProducer(peerId: string, producerId: string): Promise<void> {
    await this.getPeer(peerId).getProducer(producerId).resume();
  }

  closeProducer(peerId: string, producerId: string): void {
    this.getPeer(peerId).getProducer(producerId).close();
  }

  counts(): RoomCounts {
    const counts: RoomCounts = { peers: this.peers.size, transports: 0, producers: 0, consumers: 0 };
    for (const peer of this.peers.values()) {
      const peerCounts = peer.counts();
      counts.transports += peerCounts.transports;
      counts.producers += peerCounts.producers;
      counts.consumers += peerCounts.consumers;
    }
    return counts;
  }

  /**
   * Moves the room to a fresh router after its worker died. Peers stay members; their media died
   * with the old router, so clients must create new transports and produce again.
   */
  rebuild(acquireWorker: () => Promise<PoolWorker>): Promise<void> {
    this.rebuilding ??= this.doRebuild(acquireWorker).finally(() => (this.rebuilding = undefined));
    return this.rebuilding;
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const peer of [...this.peers.values()]) peer.close();
    this.peers.clear();
    this.currentRouter.close();
    this.logger.info("sfu.roomClosed");
    this.emit("close");
    this.removeAllListeners();
  }

  private async doRebuild(acquireWorker: () => Promise<PoolWorker>): Promise<void> {
    const oldPid = this.currentWorker.pid;
    let worker: PoolWorker | undefined;
    let router: ms.Router | undefined;
    // The chosen worker may die too before we switch over; try another one a few times.
    for (let attempt = 0; attempt < 3 && (!router || router.closed); attempt += 1) {
      worker = await acquireWorker();
      router = await worker.createRouter({ mediaCodecs: this.mediaCodecs, appData: { roomId: this.id } });
    }
    if (!worker || !router || router.closed) throw new UnavailableError("sfu.noHealthyWorker");
    if (this.isClosed) {
      router.close();
      return;
    }
    this.currentRouter.close();
    this.currentRouter = router;
    this.currentWorker = worker;
    for (const peer of this.peers.values()) peer.closeMedia();
    this.logger.warn("sfu.roomRebuilt", { oldPid, newPid: worker.pid, peers: this.peers.size });
    this.emit("rebuilt");
  }

  private async liveRouter(): Promise<ms.Router> {
    this.assertOpen();
    if (this.rebuilding) await this.rebuilding;
    this.assertOpen();
    if (this.currentRouter.closed) throw new UnavailableError("sfu.roomRebuilding");
    return this.currentRouter;
  }

  private findProducerOwner(producerId: string): string {
    for (const peer of this.peers.values()) {
      if (peer.producers.has(producerId)) return peer.id;
    }
    throw new NotFoundError(MISSING.producerInRoom, { producerId });
  }

  private onPeerClosed(peer: Peer): void {
    if (this.peers.get(peer.id) !== peer) return;
    this.peers.delete(peer.id);
    this.emit("peerClosed", peer.id);
    if (this.peers.size === 0 && (this.options.closeWhenEmpty ?? true)) this.close();
  }

  private assertOpen(): void {
    if (this.isClosed) throw new UnavailableError("sfu.roomClosed");
  }
}

function producerInfo(peerId: string, producer: ms.Producer): ProducerInfo {
  return { peerId, producerId: producer.id, kind: producer.kind, appData: producer.appData as Record<string, unknown> };
}

/** mediasoup rejects malformed client parameters with TypeError; those are the client's fault, not ours. */
async function translateMediasoupErrors<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof TypeError) throw new ValidationError("sfu.invalidMediaParameters", { reason: error.message });
    throw error;
  }
}

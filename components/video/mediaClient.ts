/**
 * The browser side of a video room: the /media socket, the mediasoup-client Device and its two
 * transports, local producers and remote consumers. UI components subscribe to its state.
 */
import { Device } from "mediasoup-client";
import type { Consumer, Producer, RtpCapabilities, Transport } from "mediasoup-client/types";
import { io, type Socket } from "socket.io-client";
import type { VideoRoomRole } from "@/server/db/generated/enums";
import type { Annotation, MediaSource, ParticipantView, WaitingView } from "@/server/video/protocol";
import type { ChatMessageView } from "@/server/video/record";

export type Phase = "connecting" | "waiting" | "joining" | "joined" | "reconnecting" | "ended";

export interface RemoteStream {
  consumerId: string;
  producerId: string;
  userId: string;
  kind: "audio" | "video";
  source: MediaSource;
  track: MediaStreamTrack;
  paused: boolean;
}

export interface RoomState {
  phase: Phase;
  /** A message for the person (already translated by the server), e.g. why they are out. */
  notice: string | null;
  userId: string | null;
  role: VideoRoomRole | null;
  participants: ParticipantView[];
  waiting: WaitingView[];
  remote: RemoteStream[];
  chat: ChatMessageView[];
  micOn: boolean;
  cameraOn: boolean;
  screenOn: boolean;
  annotations: (Annotation & { userId?: string })[];
  frozenFrame: string | null;
  pointer: { x: number; y: number; userId: string; displayName: string } | null;
}

type Ack = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };
export interface TransportParams {
  id: string;
  iceParameters: never;
  iceCandidates: never;
  dtlsParameters: never;
  sctpParameters?: never;
}
interface ProducerAnnouncement {
  userId: string;
  producerId: string;
  kind: "audio" | "video";
  source: MediaSource;
  paused: boolean;
}

export class SignallingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// Three simulcast layers for the camera; the SFU forwards the one each receiver can take.
const CAMERA_ENCODINGS = [
  { rid: "r0", maxBitrate: 150_000, scaleResolutionDownBy: 4 },
  { rid: "r1", maxBitrate: 500_000, scaleResolutionDownBy: 2 },
  { rid: "r2", maxBitrate: 1_200_000, scaleResolutionDownBy: 1 },
];

export class MediaClient {
  state: RoomState = {
    phase: "connecting",
    notice: null,
    userId: null,
    role: null,
    participants: [],
    waiting: [],
    remote: [],
    chat: [],
    micOn: true,
    cameraOn: true,
    screenOn: false,
    annotations: [],
    frozenFrame: null,
    pointer: null,
  };
  readonly socket: Socket;
  protected device = new Device();
  protected sendTransport: Transport | undefined;
  private recvTransport: Transport | undefined;
  protected readonly producers = new Map<MediaSource, Producer>();
  private readonly consumers = new Map<string, Consumer>();
  private readonly listeners = new Set<() => void>();
  private readonly reconnectKey = crypto.randomUUID();
  private lastToken: string | undefined;
  private joining: Promise<void> | undefined;
  private closed = false;
  /** For tests and the first-frame benchmark. */
  joinStartedAt = 0;
  firstRemoteFrameMs: number | null = null;
  /** Milestones of the way in (ms after the click), for the first-frame benchmark's breakdown. */
  readonly timeline: [string, number][] = [];

  mark(label: string): void {
    if (this.firstRemoteFrameMs === null) this.timeline.push([label, Math.round(performance.now() - this.joinStartedAt)]);
  }

  protected localStream = new MediaStream();
  /** The "the host muted you" notice, which goes once the person unmutes. */
  private hostMuteNotice: string | null = null;
  /** The "the server is restarting" notice, which goes once the socket is back. */
  private restartNotice: string | null = null;
  private started = false;
  private deviceLoading: Promise<void> | undefined;

  constructor(readonly roomId: string) {
    this.socket = io("/media", {
      path: "/socket.io",
      transports: ["websocket"],
      autoConnect: false,
      auth: (callback) => {
        this.fetchToken().then(
          (token) => callback({ token, roomId }),
          () => callback({ token: this.lastToken, roomId }),
        );
      },
    });
    this.wireSocket();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** On the pre-join page: connect and load the Device, so the click only has to join. */
  prepare(): void {
    this.socket.connect();
  }

  start(localStream: MediaStream): void {
    this.localStream = localStream;
    this.state.micOn = localStream.getAudioTracks().some((track) => track.enabled);
    this.state.cameraOn = localStream.getVideoTracks().some((track) => track.enabled);
    this.started = true;
    this.joinStartedAt = performance.now();
    // Still connecting from prepare(): the connect handler enters once connected.
    if (this.socket.connected) void this.enter();
    else if (!this.socket.active) this.socket.connect();
  }

  private loadDevice(routerRtpCapabilities: RtpCapabilities): Promise<void> {
    this.deviceLoading ??= this.device.loaded ? Promise.resolve() : this.device.load({ routerRtpCapabilities });
    return this.deviceLoading;
  }

  async request<T extends object = Record<string, unknown>>(message: string, payload: object = {}): Promise<T> {
    const ack = (await this.socket.timeout(15_000).emitWithAck(message, payload)) as Ack;
    if (!ack.ok) throw new SignallingError(ack.error.code, ack.error.message);
    return ack as unknown as T;
  }

  async setMic(on: boolean): Promise<void> {
    const producer = this.producers.get("mic");
    for (const track of this.localStream.getAudioTracks()) track.enabled = on;
    if (producer) {
      if (on) producer.resume();
      else producer.pause();
      await this.request(on ? "producer:resume" : "producer:pause", { producerId: producer.id });
    }
    const noticeGone = on && this.hostMuteNotice !== null && this.state.notice === this.hostMuteNotice;
    this.update(noticeGone ? { micOn: on, notice: null } : { micOn: on });
  }

  async setCamera(on: boolean): Promise<void> {
    const producer = this.producers.get("camera");
    for (const track of this.localStream.getVideoTracks()) track.enabled = on;
    if (producer) {
      if (on) producer.resume();
      else producer.pause();
      await this.request(on ? "producer:resume" : "producer:pause", { producerId: producer.id });
    }
    this.update({ cameraOn: on });
  }

  async startScreenShare(): Promise<MediaStreamTrack> {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 15 }, audio: false });
    const track = stream.getVideoTracks()[0];
    if (!track || !this.sendTransport) throw new Error("no screen track");
    track.addEventListener("ended", () => void this.stopScreenShare());
    const producer = await this.sendTransport.produce({ track, appData: { source: "screen" } });
    this.producers.set("screen", producer);
    this.update({ screenOn: true });
    return track;
  }

  async stopScreenShare(): Promise<void> {
    const producer = this.producers.get("screen");
    if (!producer) return;
    this.producers.delete("screen");
    producer.track?.stop();
    producer.close();
    this.update({ screenOn: false });
    await this.request("producer:close", { producerId: producer.id });
  }

  localVideoTrack(): MediaStreamTrack | null {
    return this.localStream.getVideoTracks()[0] ?? null;
  }

  screenTrack(): MediaStreamTrack | null {
    return this.producers.get("screen")?.track ?? null;
  }

  /** Stats of every incoming stream, for the quality badge and for tests. */
  async inboundStats(): Promise<{ consumerId: string; userId: string; kind: string; source: MediaSource; framesDecoded: number; packetsReceived: number; audioLevel: number }[]> {
    const rows = [];
    for (const stream of this.state.remote) {
      const consumer = this.consumers.get(stream.consumerId);
      if (!consumer || consumer.closed) continue;
      let framesDecoded = 0;
      let packetsReceived = 0;
      let audioLevel = 0;
      (await consumer.getStats()).forEach((report: { type: string; framesDecoded?: number; packetsReceived?: number; audioLevel?: number }) => {
        if (report.type !== "inbound-rtp") return;
        framesDecoded += report.framesDecoded ?? 0;
        packetsReceived += report.packetsReceived ?? 0;
        audioLevel = Math.max(audioLevel, report.audioLevel ?? 0);
      });
      rows.push({ consumerId: stream.consumerId, userId: stream.userId, kind: stream.kind, source: stream.source, framesDecoded, packetsReceived, audioLevel });
    }
    return rows;
  }

  /** Round trip and loss of what we send, as the SFU reports it back. */
  async sendQuality(): Promise<"good" | "fair" | "poor" | null> {
    if (!this.sendTransport || this.sendTransport.closed) return null;
    let rtt = 0;
    let lost = 0;
    (await this.sendTransport.getStats()).forEach((report: { type: string; state?: string; currentRoundTripTime?: number; fractionLost?: number; nominated?: boolean }) => {
      if (report.type === "candidate-pair" && report.nominated && report.currentRoundTripTime) rtt = Math.max(rtt, report.currentRoundTripTime);
      if (report.type === "remote-inbound-rtp" && report.fractionLost) lost = Math.max(lost, report.fractionLost);
    });
    if (rtt < 0.15 && lost < 0.02) return "good";
    if (rtt < 0.4 && lost < 0.08) return "fair";
    return "poor";
  }

  noteRemoteFrame(): void {
    if (this.firstRemoteFrameMs === null) this.firstRemoteFrameMs = performance.now() - this.joinStartedAt;
  }

  /** `notice` says why, when it is not simply "you left" (e.g. the host ended it for everyone). */
  leave(notice: string | null = null): void {
    if (this.closed) return;
    this.closed = true;
    this.closeMedia();
    for (const track of this.localStream.getTracks()) track.stop();
    this.socket.disconnect();
    this.update({ phase: "ended", notice });
  }

  private async fetchToken(): Promise<string> {
    const response = await fetch(`/api/video/rooms/${this.roomId}/token`, { method: "POST" });
    const body = (await response.json()) as { token?: string; error?: { code: string; message: string } };
    if (!response.ok || !body.token) {
      this.update({ phase: "ended", notice: body.error?.message ?? null });
      throw new SignallingError(body.error?.code ?? "TOKEN", body.error?.message ?? "");
    }
    this.lastToken = body.token;
    return body.token;
  }

  protected update(patch: Partial<RoomState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private end(notice: string | null): void {
    this.closed = true;
    this.closeMedia();
    this.socket.disconnect();
    this.update({ phase: "ended", notice });
  }

  private wireSocket(): void {
    const socket = this.socket;
    socket.on("connect", () => {
      this.mark("socketConnected");
      if (this.restartNotice !== null && this.state.notice === this.restartNotice) this.update({ notice: null });
      this.restartNotice = null;
      if (this.started) void this.enter();
      else {
        this.request<{ routerRtpCapabilities: RtpCapabilities }>("media:capabilities").then(
          ({ routerRtpCapabilities }) => this.loadDevice(routerRtpCapabilities),
          // Not fatal: the Device is loaded on the way in instead.
          () => undefined,
        );
      }
    });
    socket.on("connect_error", (error: Error & { data?: { code?: string; message?: string } }) => {
      if (error.data?.code) this.end(error.data.message ?? error.message);
    });
    socket.on("disconnect", (reason) => {
      if (this.closed) return;
      this.update({ phase: "reconnecting" });
      // The server closed us on purpose (ended, removed, replaced): its event says why.
      if (reason === "io server disconnect") return;
    });
    socket.on("lobby:update", ({ waiting }: { waiting: RoomState["waiting"] }) => this.update({ waiting }));
    socket.on("participants", ({ participants }: { participants: ParticipantView[] }) => this.update({ participants }));
    socket.on("lobby:admitted", ({ routerRtpCapabilities }: { routerRtpCapabilities: RtpCapabilities }) => void this.joinMedia(routerRtpCapabilities));
    socket.on("lobby:removed", ({ message }: { message: string }) => this.end(message));
    socket.on("session:ended", ({ message }: { message: string }) => this.end(message));
    socket.on("session:replaced", ({ message }: { message: string }) => this.end(message));
    socket.on("host:muted", ({ message }: { message: string }) => {
      const producer = this.producers.get("mic");
      producer?.pause();
      for (const track of this.localStream.getAudioTracks()) track.enabled = false;
      this.hostMuteNotice = message;
      this.update({ micOn: false, notice: message });
    });
    socket.on("producer:new", (announcement: ProducerAnnouncement) => void this.consume(announcement.producerId));
    socket.on("producer:closed", ({ producerId }: { producerId: string }) => this.dropRemote((stream) => stream.producerId === producerId));
    socket.on("consumer:closed", ({ consumerId }: { consumerId: string }) => this.dropRemote((stream) => stream.consumerId === consumerId));
    socket.on("producer:paused", ({ producerId, paused }: { producerId: string; paused: boolean }) => {
      this.update({ remote: this.state.remote.map((stream) => (stream.producerId === producerId ? { ...stream, paused } : stream)) });
    });
    socket.on("media:rebuilt", () => void this.rejoinMedia());
    // The server is restarting: say so; the socket reconnects by itself and enters again.
    socket.on("server:restarting", ({ message }: { message: string }) => {
      this.restartNotice = message;
      this.update({ notice: message });
    });
    socket.on("chat:message", (message: ChatMessageView) => {
      if (!this.state.chat.some((existing) => existing.id === message.id)) this.update({ chat: [...this.state.chat, message] });
    });
    socket.on("annotation", (annotation: Annotation & { userId: string; displayName: string }) => this.applyAnnotation(annotation));
  }

  applyAnnotation(annotation: Annotation & { userId?: string; displayName?: string }): void {
    switch (annotation.type) {
      case "stroke":
        this.update({ annotations: [...this.state.annotations, annotation] });
        break;
      case "clear":
        this.update({ annotations: [] });
        break;
      case "freeze":
        this.update({ frozenFrame: annotation.image, annotations: [] });
        break;
      case "unfreeze":
        this.update({ frozenFrame: null, annotations: [] });
        break;
      case "pointer":
        this.update({ pointer: { x: annotation.x, y: annotation.y, userId: annotation.userId ?? "", displayName: annotation.displayName ?? "" } });
        break;
    }
  }

  private async enter(): Promise<void> {
    try {
      const entered = await this.request<{
        state: "waiting" | "admitted" | "joined";
        resumed: boolean;
        role: VideoRoomRole;
        userId: string;
        routerRtpCapabilities?: RtpCapabilities;
        participants: ParticipantView[];
        waiting: RoomState["waiting"];
        annotations: Annotation[];
        frozenFrame: string | null;
        producers: ProducerAnnouncement[];
      }>("lobby:enter", { reconnectKey: this.reconnectKey });
      this.mark("lobbyEntered");
      this.update({ role: entered.role, userId: entered.userId, participants: entered.participants, waiting: entered.waiting, annotations: entered.annotations, frozenFrame: entered.frozenFrame });
      if (entered.resumed) {
        await this.restartIce();
        for (const producer of entered.producers) {
          if (![...this.state.remote].some((stream) => stream.producerId === producer.producerId)) void this.consume(producer.producerId);
        }
        this.update({ phase: "joined" });
        if (this.state.chat.length === 0) void this.loadChat();
        return;
      }
      if (entered.state === "waiting") {
        this.update({ phase: "waiting" });
        return;
      }
      if (entered.routerRtpCapabilities) await this.joinMedia(entered.routerRtpCapabilities);
    } catch (error) {
      this.end(error instanceof SignallingError ? error.message : null);
    }
  }

  private joinMedia(routerRtpCapabilities: RtpCapabilities): Promise<void> {
    this.joining ??= this.doJoinMedia(routerRtpCapabilities).finally(() => (this.joining = undefined));
    return this.joining;
  }

  private async doJoinMedia(routerRtpCapabilities: RtpCapabilities): Promise<void> {
    this.update({ phase: "joining" });
    await this.loadDevice(routerRtpCapabilities);
    this.mark("deviceLoaded");
    // A viewer gets no transport to send on (null) until a host gives them the floor.
    const joined = await this.request<{ sendTransport: TransportParams | null; recvTransport: TransportParams; producers: ProducerAnnouncement[]; participants: ParticipantView[] }>("media:join", {
      rtpCapabilities: this.device.rtpCapabilities,
    });
    this.mark("mediaJoined");
    this.recvTransport = this.device.createRecvTransport(joined.recvTransport);
    this.sendTransport = joined.sendTransport ? this.device.createSendTransport(joined.sendTransport) : undefined;
    for (const transport of [this.recvTransport, this.sendTransport]) if (transport) this.wireTransport(transport);
    this.update({ phase: "joined", participants: joined.participants });
    // Remote video first: the receive transport negotiates one consumer at a time, and sending
    // our own media competes for the same threads, so both wait until the picture is coming.
    const byKind = (kind: string) => joined.producers.filter((producer) => producer.kind === kind);
    await Promise.all(byKind("video").map((producer) => this.consume(producer.producerId)));
    await Promise.all([...byKind("audio").map((producer) => this.consume(producer.producerId)), this.produceLocal(), this.loadChat()]);
  }

  protected wireTransport(transport: Transport): void {
    transport.on("connect", ({ dtlsParameters }, callback, errback) => {
      this.request("transport:connect", { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
    });
    transport.on("produce", ({ kind, rtpParameters, appData }, callback, errback) => {
      this.request<{ id: string }>("produce", { transportId: transport.id, kind, rtpParameters, source: (appData as { source: MediaSource }).source }).then(
        ({ id }) => callback({ id }),
        errback,
      );
    });
    transport.on("connectionstatechange", (state) => {
      this.mark(`${transport.direction}:${state}`);
      if ((state === "disconnected" || state === "failed") && this.socket.connected) void this.restartIce();
    });
  }

  private async produceLocal(): Promise<void> {
    const transport = this.sendTransport;
    if (!transport) return;
    const audio = this.localStream.getAudioTracks()[0];
    const video = this.localStream.getVideoTracks()[0];
    const tasks: Promise<void>[] = [];
    if (audio) {
      tasks.push(
        transport.produce({ track: audio, appData: { source: "mic" }, stopTracks: false, zeroRtpOnPause: true }).then(async (producer) => {
          this.producers.set("mic", producer);
          if (!this.state.micOn) await this.setMic(false);
        }),
      );
    }
    if (video) {
      tasks.push(
        transport.produce({ track: video, encodings: CAMERA_ENCODINGS, codecOptions: { videoGoogleStartBitrate: 1000 }, appData: { source: "camera" }, stopTracks: false }).then(async (producer) => {
          this.producers.set("camera", producer);
          if (!this.state.cameraOn) await this.setCamera(false);
        }),
      );
    }
    await Promise.all(tasks);
  }

  private async consume(producerId: string): Promise<void> {
    const transport = this.recvTransport;
    if (!transport || this.state.remote.some((stream) => stream.producerId === producerId)) return;
    try {
      const { consumer: info } = await this.request<{
        consumer: { id: string; producerId: string; kind: "audio" | "video"; rtpParameters: never; userId: string; source: MediaSource; producerPaused: boolean };
      }>("consume", { producerId });
      const consumer = await transport.consume({ id: info.id, producerId: info.producerId, kind: info.kind, rtpParameters: info.rtpParameters });
      this.consumers.set(consumer.id, consumer);
      this.mark(`consumed:${info.kind}`);
      this.update({
        remote: [...this.state.remote, { consumerId: consumer.id, producerId, userId: info.userId, kind: info.kind, source: info.source, track: consumer.track, paused: info.producerPaused }],
      });
      await this.request("consumer:resume", { consumerId: consumer.id });
      this.mark(`resumed:${info.kind}`);
    } catch (error) {
      // The producer may have gone in the meantime; that is not the person's problem.
      if (!(error instanceof SignallingError)) throw error;
    }
  }

  private dropRemote(match: (stream: RemoteStream) => boolean): void {
    const keep: RemoteStream[] = [];
    for (const stream of this.state.remote) {
      if (match(stream)) this.consumers.get(stream.consumerId)?.close();
      else keep.push(stream);
    }
    for (const [id, consumer] of this.consumers) if (consumer.closed) this.consumers.delete(id);
    this.update({ remote: keep });
  }

  private async restartIce(): Promise<void> {
    for (const transport of [this.sendTransport, this.recvTransport]) {
      if (!transport || transport.closed) continue;
      const { iceParameters } = await this.request<{ iceParameters: never }>("transport:restartIce", { transportId: transport.id });
      await transport.restartIce({ iceParameters });
    }
  }

  /** The room moved to a new SFU worker: every transport is gone; negotiate again from scratch. */
  private async rejoinMedia(): Promise<void> {
    const screenWasOn = this.producers.has("screen");
    this.producers.get("screen")?.track?.stop();
    this.closeMedia();
    this.update({ remote: [], screenOn: false });
    await this.joinMedia(this.device.rtpCapabilities as unknown as RtpCapabilities).catch(async () => {
      // The router capabilities did not change (same codecs); fall back to asking again via the lobby.
      await this.enter();
    });
    if (screenWasOn) this.update({ notice: null });
  }

  private async loadChat(): Promise<void> {
    const { messages } = await this.request<{ messages: ChatMessageView[] }>("chat:history");
    this.update({ chat: messages });
  }

  private closeMedia(): void {
    for (const producer of this.producers.values()) producer.close();
    this.producers.clear();
    for (const consumer of this.consumers.values()) consumer.close();
    this.consumers.clear();
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = undefined;
    this.recvTransport = undefined;
  }
}

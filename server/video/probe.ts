/**
 * Pre-join connectivity test: a throw-away WebRTC transport offering only UDP or only TCP
 * candidates. The browser reports whether ICE+DTLS connected over it, so we can tell people in
 * plain words whether their network lets media through directly or only over TCP.
 */
import type { types as ms } from "mediasoup";
import { MEDIA_CODECS } from "@/server/sfu/room";
import type { WorkerPool } from "@/server/sfu/workerPool";

export const PROBE_LIFETIME_MS = 15_000;

export interface ProbeTransport {
  routerRtpCapabilities: ms.RtpCapabilities;
  transport: { id: string; iceParameters: ms.IceParameters; iceCandidates: ms.IceCandidate[]; dtlsParameters: ms.DtlsParameters; sctpParameters: ms.SctpParameters | undefined };
}

export class ConnectivityProbe {
  private router: Promise<ms.Router> | undefined;
  private readonly transports = new Map<string, ms.WebRtcTransport>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly listenIps: ms.TransportListenIp[],
  ) {}

  async create(protocol: "udp" | "tcp", owner: string): Promise<ProbeTransport> {
    this.router ??= this.pool.waitForWorker().then((worker) => worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { probe: true } }));
    const router = await this.router;
    if (router.closed) {
      this.router = undefined;
      return this.create(protocol, owner);
    }
    const transport = await router.createWebRtcTransport({
      listenIps: this.listenIps,
      enableUdp: protocol === "udp",
      enableTcp: protocol === "tcp",
      enableSctp: true,
      numSctpStreams: { OS: 16, MIS: 16 },
      appData: { owner },
    });
    this.transports.set(transport.id, transport);
    const timer = setTimeout(() => transport.close(), PROBE_LIFETIME_MS);
    timer.unref?.();
    transport.observer.once("close", () => {
      clearTimeout(timer);
      this.transports.delete(transport.id);
      if (this.transports.size === 0) void this.closeRouter();
    });
    return {
      routerRtpCapabilities: router.rtpCapabilities,
      transport: { id: transport.id, iceParameters: transport.iceParameters, iceCandidates: transport.iceCandidates, dtlsParameters: transport.dtlsParameters, sctpParameters: transport.sctpParameters },
    };
  }

  private cachedCapabilities: Promise<ms.RtpCapabilities> | undefined;

  /** Every room's router uses MEDIA_CODECS, so one router's capabilities are everyone's. */
  capabilities(): Promise<ms.RtpCapabilities> {
    this.cachedCapabilities ??= this.pool
      .waitForWorker()
      .then((worker) => worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { probe: true } }))
      .then((router) => {
        const capabilities = router.rtpCapabilities;
        router.close();
        return capabilities;
      });
    this.cachedCapabilities.catch(() => (this.cachedCapabilities = undefined));
    return this.cachedCapabilities;
  }

  /** Only the socket that made a probe may connect or close it. */
  get(transportId: string, owner: string): ms.WebRtcTransport | undefined {
    const transport = this.transports.get(transportId);
    return (transport?.appData as { owner?: string } | undefined)?.owner === owner ? transport : undefined;
  }

  closeOwnedBy(owner: string): void {
    for (const transport of [...this.transports.values()]) {
      if ((transport.appData as { owner?: string }).owner === owner) transport.close();
    }
  }

  private async closeRouter(): Promise<void> {
    const pending = this.router;
    this.router = undefined;
    (await pending)?.close();
  }
}

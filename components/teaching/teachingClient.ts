/**
 * The browser side of watching a teaching broadcast: the video room's client (components/video/
 * mediaClient.ts) plus the floor. A viewer has no transport to send on; asking to speak without
 * the floor is refused by the SFU (VIEWER_CANNOT_PUBLISH) and the refusal is shown. When a host
 * gives the floor the client opens the microphone (and the camera when allowed) and sends; when
 * the floor is taken back the server has already closed its producers and the client lets go too.
 */
import { MediaClient, type TransportParams } from "@/components/video/mediaClient";

export interface FloorState {
  /** This viewer holds the floor now; `video` when the host allowed the camera too. */
  mine: { video: boolean } | null;
  /** Why the last attempt to speak failed, as the server said it. */
  refusal: string | null;
}

export class TeachingClient extends MediaClient {
  floor: FloorState = { mine: null, refusal: null };
  private floorStream: MediaStream | null = null;

  constructor(roomId: string) {
    super(roomId);
    this.socket.on("floor:granted", ({ video, message }: { video: boolean; message: string }) => {
      this.floor = { mine: { video }, refusal: null };
      this.update({ notice: message });
      void this.openFloorMedia(video).catch((error: unknown) => this.refused(error));
    });
    this.socket.on("floor:revoked", ({ message }: { message: string }) => {
      this.floor = { mine: null, refusal: null };
      this.releaseFloorMedia();
      this.update({ notice: message });
    });
  }

  /**
   * A viewer's attempt to send their voice. Without the floor the SFU refuses the transport to
   * send on, and the refusal is what the person sees.
   */
  async trySpeak(): Promise<void> {
    try {
      await this.openFloorMedia(this.floor.mine?.video ?? false);
      this.floor = { ...this.floor, refusal: null };
      this.update({});
    } catch (error) {
      this.refused(error);
    }
  }

  private refused(error: unknown): void {
    this.floor = { ...this.floor, refusal: error instanceof Error && error.message ? error.message : null };
    this.update({});
  }

  private async openFloorMedia(video: boolean): Promise<void> {
    const { sendTransport } = await this.request<{ sendTransport: TransportParams }>("media:sendTransport");
    this.releaseFloorMedia();
    this.floorStream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
    const transport = this.device.createSendTransport(sendTransport);
    this.wireTransport(transport);
    this.sendTransport = transport;
    const audio = this.floorStream.getAudioTracks()[0];
    if (audio) this.producers.set("mic", await transport.produce({ track: audio, appData: { source: "mic" }, stopTracks: false }));
    const camera = this.floorStream.getVideoTracks()[0];
    if (camera) this.producers.set("camera", await transport.produce({ track: camera, appData: { source: "camera" }, stopTracks: false }));
    this.update({ micOn: Boolean(audio), cameraOn: Boolean(camera) });
  }

  /** The server closed the producers already; here the tracks stop and the transport goes. */
  private releaseFloorMedia(): void {
    for (const source of ["mic", "camera"] as const) {
      this.producers.get(source)?.close();
      this.producers.delete(source);
    }
    this.sendTransport?.close();
    this.sendTransport = undefined;
    for (const track of this.floorStream?.getTracks() ?? []) track.stop();
    this.floorStream = null;
    this.update({ micOn: false, cameraOn: false });
  }
}

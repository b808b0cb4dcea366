import { EventEmitter } from "node:events";
import type { types as ms } from "mediasoup";
import { UnavailableError } from "@/lib/errors";
import { randomUUID } from "node:crypto";
import { log, withLogContext } from "@/lib/log";
import { getConfig } from "@/server/config";
import type { Peer } from "./peer";
import { Room, type RoomCounts, type RoomTransportSettings } from "./room";
import type { WorkerPool } from "./workerPool";

export interface RoomRegistryOptions {
  pool: WorkerPool;
  transportSettings?: Partial<RoomTransportSettings>;
  mediaCodecs?: ms.RtpCodecCapability[];
  /** How long a rebuild waits for a worker when every worker is restarting. */
  rebuildTimeoutMs?: number;
}

export type RegistryCounts = { rooms: number } & RoomCounts;

export type RoomRegistryEvents = {
  roomCreated: [roomId: string];
  roomClosed: [roomId: string];
  /** The room lives on a new router: tell its clients to reconnect their media. */
  roomRebuilt: [roomId: string];
};

const logger = log.child({ module: "sfu.rooms" });

/** All live rooms of this process; the only way rooms get created, so each id maps to one room. */
export class RoomRegistry extends EventEmitter<RoomRegistryEvents> {
  private readonly rooms = new Map<string, Room>();
  private readonly creating = new Map<string, Promise<Room>>();
  private readonly transportSettings: RoomTransportSettings;
  private readonly onWorkerDied = (_index: number, pid: number) => this.rebuildRoomsOf(pid);
  private isClosed = false;

  constructor(private readonly options: RoomRegistryOptions) {
    super();
    this.transportSettings = resolveTransportSettings(options.transportSettings);
    options.pool.on("workerDied", this.onWorkerDied);
  }

  get(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  /**
   * Concurrent calls for one id share a single creation, so two joins racing cannot build two
   * routers for the same consultation.
   */
  getOrCreate(roomId: string): Promise<Room> {
    if (this.isClosed) return Promise.reject(new UnavailableError("sfu.registryClosed"));
    const existing = this.rooms.get(roomId);
    if (existing && !existing.closed) return Promise.resolve(existing);
    let pending = this.creating.get(roomId);
    if (!pending) {
      pending = this.createRoom(roomId).finally(() => this.creating.delete(roomId));
      this.creating.set(roomId, pending);
    }
    return pending;
  }

  /** getOrCreate + addPeer, retried if the room emptied and closed in between. */
  async join(roomId: string, peerId: string): Promise<{ room: Room; peer: Peer }> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const room = await this.getOrCreate(roomId);
      if (!room.closed) return { room, peer: room.addPeer(peerId) };
    }
    throw new UnavailableError("sfu.roomUnstable");
  }

  counts(): RegistryCounts {
    const counts: RegistryCounts = { rooms: this.rooms.size, peers: 0, transports: 0, producers: 0, consumers: 0 };
    for (const room of this.rooms.values()) {
      const roomCounts = room.counts();
      counts.peers += roomCounts.peers;
      counts.transports += roomCounts.transports;
      counts.producers += roomCounts.producers;
      counts.consumers += roomCounts.consumers;
    }
    return counts;
  }

  /** Closes every room; the pool stays open (its owner closes it). */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.options.pool.off("workerDied", this.onWorkerDied);
    for (const room of [...this.rooms.values()]) room.close();
    this.rooms.clear();
    this.removeAllListeners();
  }

  private async createRoom(roomId: string): Promise<Room> {
    const worker = await this.options.pool.waitForWorker();
    const room = await Room.create({
      id: roomId,
      worker,
      transportSettings: this.transportSettings,
      mediaCodecs: this.options.mediaCodecs,
    });
    if (this.isClosed) {
      room.close();
      throw new UnavailableError("sfu.registryClosed");
    }
    // Its worker died while the router was being made, before this room could be rebuilt.
    if (room.router.closed) {
      room.close();
      throw new UnavailableError("sfu.workerUnavailable");
    }
    this.rooms.set(roomId, room);
    room.once("close", () => {
      if (this.rooms.get(roomId) === room) this.rooms.delete(roomId);
      this.emit("roomClosed", roomId);
    });
    logger.info("sfu.roomCreated", { roomId, workerPid: worker.pid });
    this.emit("roomCreated", roomId);
    return room;
  }

  /** A worker's death is an event of its own: its id follows the rebuild and the clients' notice. */
  private rebuildRoomsOf(deadPid: number): void {
    withLogContext({ requestId: `sfu-worker-died-${randomUUID()}` }, () => this.rebuildRooms(deadPid));
  }

  private rebuildRooms(deadPid: number): void {
    const acquire = () => this.options.pool.waitForWorker(this.options.rebuildTimeoutMs);
    for (const room of this.rooms.values()) {
      if (room.workerPid !== deadPid && !room.router.closed) continue;
      room.rebuild(acquire).then(
        () => {
          if (!room.closed) this.emit("roomRebuilt", room.id);
        },
        (error: unknown) => {
          // A room that cannot get a router is useless; closing it tells the signalling layer.
          logger.error("sfu.roomRebuildFailed", { roomId: room.id, deadPid, error });
          room.close();
        },
      );
    }
  }
}

function resolveTransportSettings(overrides: Partial<RoomTransportSettings> = {}): RoomTransportSettings {
  const listenIps =
    overrides.listenIps ??
    (() => {
      const config = getConfig();
      const ip = config.RTC_LISTEN_IP;
      if ((ip === "0.0.0.0" || ip === "::") && !config.RTC_ANNOUNCED_IP) {
        logger.warn("sfu.noAnnouncedIp", { listenIp: ip });
      }
      return [config.RTC_ANNOUNCED_IP ? { ip, announcedIp: config.RTC_ANNOUNCED_IP } : { ip }];
    })();
  return {
    listenIps,
    initialAvailableOutgoingBitrate: overrides.initialAvailableOutgoingBitrate ?? 1_000_000,
    enableSctp: overrides.enableSctp ?? true,
  };
}

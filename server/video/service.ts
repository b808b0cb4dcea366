/** Starts the video service on the custom server: the room registry and the /media namespace. */
import type { Server } from "socket.io";
import type { Db } from "@/server/db/client";
import { RoomRegistry } from "@/server/sfu/roomRegistry";
import type { WorkerPool } from "@/server/sfu/workerPool";
import { getConfig } from "@/server/config";
import { getRuntime } from "@/server/runtime";
import type { RoomLifecycle } from "./handlerContext";
import { ConnectivityProbe } from "./probe";
import { registerVideoSignalling, type VideoSignalling } from "./signalling";

export interface VideoService {
  registry: RoomRegistry;
  signalling: VideoSignalling;
  /** SIGTERM: the rooms are told and their records closed (VideoSignalling.shutdown), then the SFU rooms close. */
  shutdown(): Promise<number>;
  close(): void;
}

export function startVideoService(options: { io: Server; pool: WorkerPool; db: Db; sessionSecret: string; joinTokenSecret: string; lifecycle?: RoomLifecycle }): VideoService {
  const registry = new RoomRegistry({ pool: options.pool });
  const config = getConfig();
  const listenIps = [config.RTC_ANNOUNCED_IP ? { ip: config.RTC_LISTEN_IP, announcedIp: config.RTC_ANNOUNCED_IP } : { ip: config.RTC_LISTEN_IP }];
  const probe = new ConnectivityProbe(options.pool, listenIps);
  const signalling = registerVideoSignalling({ io: options.io, registry, db: options.db, sessionSecret: options.sessionSecret, joinTokenSecret: options.joinTokenSecret, probe, lifecycle: options.lifecycle });
  return {
    registry,
    signalling,
    async shutdown() {
      const told = await signalling.shutdown();
      registry.close();
      return told;
    },
    close() {
      signalling.close();
      registry.close();
    },
  };
}

/** The running video service, when start-up has one (not in tests without the SFU, nor in scripts). */
export function runningVideoService(): VideoService | undefined {
  return getRuntime().video as VideoService | undefined;
}

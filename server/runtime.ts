/**
 * What start-up has running (SFU pool, socket.io, video), held by the platform (server/platform.ts)
 * so Next's route handlers see the same parts as the custom server.
 */
import { getPlatform } from "./platform";

export interface SfuWorkerHealth {
  index: number;
  pid: number | null;
  state: "up" | "restarting" | "down";
  [detail: string]: unknown;
}

export interface Runtime {
  startedAt: Date;
  sfu?: { snapshot(): SfuWorkerHealth[] };
  sfuError?: string;
  sockets?: { attached: boolean; clients(): number };
  [service: string]: unknown;
}

export function getRuntime(): Runtime {
  return getPlatform().runtime;
}

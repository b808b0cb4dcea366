/**
 * Long-lived parts started by the custom server (SFU pool, socket.io) are reachable from Next's
 * route handlers through this registry: they are separate module graphs in one process, and
 * globalThis is what they share.
 */
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

interface RuntimeGlobal {
  __rmpRuntime?: Runtime;
}
const holder = globalThis as unknown as RuntimeGlobal;

export function getRuntime(): Runtime {
  holder.__rmpRuntime ??= { startedAt: new Date() };
  return holder.__rmpRuntime;
}

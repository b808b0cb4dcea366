/** What GET /api/health reports: each part's state; "degraded" (HTTP 503) if any part is down. */
import type { Runtime, SfuWorkerHealth } from "./runtime";

type PartStatus = "ok" | "down";

export interface HealthReport {
  status: "ok" | "degraded";
  uptimeSeconds: number;
  database: { status: PartStatus; latencyMs?: number; error?: string };
  sfu: { status: PartStatus; workers: SfuWorkerHealth[]; error?: string };
  socketio: { status: PartStatus; clients: number };
}

export async function checkHealth(runtime: Runtime, pingDatabase: () => Promise<void>, timeoutMs = 2_000): Promise<HealthReport> {
  const database = await checkDatabase(pingDatabase, timeoutMs);
  const workers = runtime.sfu?.snapshot() ?? [];
  const sfuUp = workers.some((worker) => worker.state === "up");
  const sfu: HealthReport["sfu"] = { status: sfuUp ? "ok" : "down", workers };
  if (!sfuUp) sfu.error = runtime.sfuError ?? "no SFU worker is running";
  const socketio: HealthReport["socketio"] = {
    status: runtime.sockets?.attached ? "ok" : "down",
    clients: runtime.sockets?.clients() ?? 0,
  };
  const allUp = database.status === "ok" && sfu.status === "ok" && socketio.status === "ok";
  return {
    status: allUp ? "ok" : "degraded",
    uptimeSeconds: Math.round((Date.now() - runtime.startedAt.getTime()) / 1000),
    database,
    sfu,
    socketio,
  };
}

async function checkDatabase(ping: () => Promise<void>, timeoutMs: number): Promise<HealthReport["database"]> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: "ok", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: "down", error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

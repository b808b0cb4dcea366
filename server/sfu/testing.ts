import path from "node:path";
import { getConfig } from "@/server/config";
import type { WorkerPoolOptions } from "./workerPool";

/** Pool options for tests: the vendored real worker, a narrow port range, fast restarts. */
export function testPoolOptions(overrides: WorkerPoolOptions = {}): WorkerPoolOptions {
  return {
    size: 2,
    workerBin:
      getConfig().mediasoupWorkerBin ??
      path.resolve(import.meta.dirname, "../../.vendor/mediasoup-worker/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker"),
    rtcMinPort: 47000,
    rtcMaxPort: 47999,
    logLevel: "error",
    restart: { initialDelayMs: 50, maxDelayMs: 500, maxRetries: 5 },
    ...overrides,
  };
}

export async function waitFor(condition: () => boolean, timeoutMs = 5_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

import { constants as fsConstants } from "node:fs";
import { access } from "node:fs/promises";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { exportMediasoupWorkerBin } from "@/server/config";

type MediasoupModule = typeof import("mediasoup");

const logger = log.child({ module: "sfu" });

/** The worker binary is absent or not executable: the machine was not provisioned. */
export class WorkerBinaryMissingError extends AppError {
  constructor(readonly binaryPath: string) {
    super("UNAVAILABLE", "sfu.workerBinaryMissing", { details: { binaryPath } });
    this.message =
      `mediasoup worker binary not found or not executable at ${binaryPath}. ` +
      "Run scripts/install-system-deps.sh (fetches mediasoup-worker 3.8.4 from Debian experimental) " +
      "or set MEDIASOUP_WORKER_BIN.";
  }
}

let loaded: { binaryPath: string; module: Promise<MediasoupModule> } | undefined;

/**
 * mediasoup 3.8 reads MEDIASOUP_WORKER_BIN once, when its module is first evaluated, so the
 * variable must be set before the first import and cannot change afterwards in this process.
 */
export async function loadMediasoup(binaryPath: string): Promise<MediasoupModule> {
  try {
    await access(binaryPath, fsConstants.X_OK);
  } catch {
    throw new WorkerBinaryMissingError(binaryPath);
  }
  if (loaded) {
    if (loaded.binaryPath !== binaryPath) {
      logger.warn("sfu.workerBinaryFixed", { requested: binaryPath, inUse: loaded.binaryPath });
    }
    return loaded.module;
  }
  exportMediasoupWorkerBin(binaryPath);
  loaded = { binaryPath, module: import("mediasoup").then(asNamespace) };
  return loaded.module;
}

// A CommonJS module imported from ESM may arrive with its exports only under `default`.
function asNamespace(imported: MediasoupModule & { default?: MediasoupModule }): MediasoupModule {
  return typeof imported.createWorker === "function" ? imported : (imported.default ?? imported);
}

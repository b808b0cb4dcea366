import { EventEmitter } from "node:events";
import type { types as ms } from "mediasoup";
import { UnavailableError } from "@/lib/errors";
import { log } from "@/lib/log";
import { getConfig } from "@/server/config";
import { loadMediasoup } from "./mediasoupLoader";

export type WorkerState = "up" | "restarting" | "down";

// A type alias (not an interface) so it fits index-signature health types such as SfuWorkerHealth.
export type WorkerSnapshot = {
  index: number;
  pid: number | null;
  state: WorkerState;
  rooms: number;
  transports: number;
  producers: number;
  consumers: number;
};

export interface RestartPolicy {
  /** Attempts to start a replacement before the slot is declared down. */
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface WorkerPoolOptions {
  size?: number;
  workerBin?: string;
  rtcMinPort?: number;
  rtcMaxPort?: number;
  logLevel?: ms.WorkerLogLevel;
  restart?: Partial<RestartPolicy>;
}

export type WorkerPoolEvents = {
  workerDied: [index: number, pid: number, error: Error];
  workerReplaced: [oldPid: number, worker: PoolWorker];
  workerDown: [index: number, lastPid: number];
};

const DEFAULT_RESTART: RestartPolicy = { maxRetries: 8, initialDelayMs: 200, maxDelayMs: 10_000 };
const logger = log.child({ module: "sfu.workerPool" });

/** One live mediasoup worker process, with the load it carries. */
export class PoolWorker {
  readonly counts = { routers: 0, transports: 0, producers: 0, consumers: 0 };

  constructor(
    readonly index: number,
    readonly worker: ms.Worker,
  ) {
    this.countChildren();
  }

  get pid(): number {
    return this.worker.pid;
  }

  get closed(): boolean {
    return this.worker.closed;
  }

  /** Consumers carry the forwarding work; each router (one per room) adds a unit so empty rooms spread too. */
  load(): number {
    return this.counts.consumers + this.counts.routers;
  }

  async createRouter(options: ms.RouterOptions): Promise<ms.Router> {
    if (this.closed) throw new UnavailableError("sfu.workerUnavailable");
    return this.worker.createRouter(options);
  }

  // Counted from mediasoup's own observers so the numbers stay right whoever creates or closes things.
  private countChildren(): void {
    const counts = this.counts;
    const track = (key: keyof typeof counts, observer: ms.Producer["observer"]) => {
      counts[key] += 1;
      observer.once("close", () => (counts[key] -= 1));
    };
    this.worker.observer.on("newrouter", (router: ms.Router) => {
      track("routers", router.observer);
      router.observer.on("newtransport", (transport: ms.Transport) => {
        track("transports", transport.observer);
        transport.observer.on("newproducer", (producer: ms.Producer) => track("producers", producer.observer));
        transport.observer.on("newconsumer", (consumer: ms.Consumer) => track("consumers", consumer.observer));
      });
    });
  }
}

interface Slot {
  index: number;
  state: WorkerState;
  worker: PoolWorker | undefined;
  lastPid: number | null;
  portRange: { rtcMinPort: number; rtcMaxPort: number };
}

type CreateWorker = typeof import("mediasoup").createWorker;

export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  private closed = false;
  private readonly restartTimers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly slots: Slot[],
    private readonly createWorker: CreateWorker,
    private readonly logLevel: ms.WorkerLogLevel,
    private readonly restartPolicy: RestartPolicy,
  ) {
    super();
  }

  /** Starts every worker; fails (closing the ones started) if any cannot start. */
  static async create(options: WorkerPoolOptions = {}): Promise<WorkerPool> {
    const resolved = resolveOptions(options);
    if (resolved.size < 1) throw new UnavailableError("sfu.disabled");
    const mediasoup = await loadMediasoup(resolved.workerBin);
    const slots: Slot[] = splitPorts(resolved.rtcMinPort, resolved.rtcMaxPort, resolved.size).map((portRange, index) => ({
      index,
      state: "restarting",
      worker: undefined,
      lastPid: null,
      portRange,
    }));
    const pool = new WorkerPool(slots, mediasoup.createWorker, resolved.logLevel, resolved.restart);
    try {
      await Promise.all(slots.map((slot) => pool.startSlot(slot)));
    } catch (error) {
      pool.close();
      throw error;
    }
    logger.info("sfu.poolStarted", { workers: slots.map((slot) => ({ index: slot.index, pid: slot.lastPid })) });
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The least loaded healthy worker. */
  pickWorker(): PoolWorker {
    let best: PoolWorker | undefined;
    for (const slot of this.slots) {
      const candidate = slot.worker;
      if (slot.state !== "up" || !candidate || candidate.closed) continue;
      if (!best || candidate.load() < best.load()) best = candidate;
    }
    if (!best) throw new UnavailableError("sfu.noHealthyWorker");
    return best;
  }

  /** Resolves with a healthy worker, waiting for a replacement when every worker is restarting. */
  async waitForWorker(timeoutMs = 15_000): Promise<PoolWorker> {
    if (this.closed) throw new UnavailableError("sfu.poolClosed");
    if (this.slots.some((slot) => slot.state === "up")) return this.pickWorker();
    return new Promise<PoolWorker>((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.off("workerReplaced", onReplaced);
        if (error) reject(error);
        else resolve(this.pickWorker());
      };
      const onReplaced = () => finish();
      const timer = setTimeout(() => finish(new UnavailableError("sfu.noHealthyWorker")), timeoutMs);
      this.on("workerReplaced", onReplaced);
    });
  }

  snapshot(): WorkerSnapshot[] {
    return this.slots.map((slot) => {
      const counts = slot.state === "up" && slot.worker ? slot.worker.counts : undefined;
      return {
        index: slot.index,
        pid: slot.state === "up" ? (slot.worker?.pid ?? null) : slot.lastPid,
        state: slot.state,
        rooms: counts?.routers ?? 0,
        transports: counts?.transports ?? 0,
        producers: counts?.producers ?? 0,
        consumers: counts?.consumers ?? 0,
      };
    });
  }

  /** CPU time of each live worker process (mediasoup getResourceUsage, in ms), in seconds: the metrics' worker CPU. */
  async resourceUsage(): Promise<{ index: number; userSeconds: number; systemSeconds: number }[]> {
    const live = this.slots.filter((slot) => slot.state === "up" && slot.worker && !slot.worker.closed);
    const usages = await Promise.allSettled(live.map((slot) => (slot.worker as PoolWorker).worker.getResourceUsage()));
    return usages.flatMap((usage, i) =>
      usage.status === "fulfilled" ? [{ index: (live[i] as Slot).index, userSeconds: usage.value.ru_utime / 1000, systemSeconds: usage.value.ru_stime / 1000 }] : [],
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.restartTimers) clearTimeout(timer);
    this.restartTimers.clear();
    for (const slot of this.slots) {
      slot.worker?.worker.close();
      slot.worker = undefined;
      slot.state = "down";
    }
    this.removeAllListeners();
    logger.info("sfu.poolClosed");
  }

  private async startSlot(slot: Slot): Promise<PoolWorker> {
    const worker = await this.createWorker({ logLevel: this.logLevel, ...slot.portRange });
    if (this.closed) {
      worker.close();
      throw new UnavailableError("sfu.poolClosed");
    }
    const pooled = new PoolWorker(slot.index, worker);
    slot.worker = pooled;
    slot.state = "up";
    slot.lastPid = worker.pid;
    worker.on("died", (error: Error) => this.onWorkerDied(slot, pooled, error));
    return pooled;
  }

  private onWorkerDied(slot: Slot, dead: PoolWorker, error: Error): void {
    if (this.closed || slot.worker !== dead) return;
    logger.error("sfu.workerDied", { index: slot.index, pid: dead.pid, error });
    slot.worker = undefined;
    slot.state = "restarting";
    this.emit("workerDied", slot.index, dead.pid, error);
    this.scheduleRestart(slot, dead.pid, 1);
  }

  private scheduleRestart(slot: Slot, oldPid: number, attempt: number): void {
    const { initialDelayMs, maxDelayMs, maxRetries } = this.restartPolicy;
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      void this.restart(slot, oldPid, attempt, maxRetries);
    }, delay);
    this.restartTimers.add(timer);
  }

  private async restart(slot: Slot, oldPid: number, attempt: number, maxRetries: number): Promise<void> {
    if (this.closed) return;
    try {
      const replacement = await this.startSlot(slot);
      logger.warn("sfu.workerReplaced", { index: slot.index, oldPid, newPid: replacement.pid, attempt });
      this.emit("workerReplaced", oldPid, replacement);
    } catch (error) {
      if (this.closed) return;
      logger.error("sfu.workerRestartFailed", { index: slot.index, oldPid, attempt, maxRetries, error });
      if (attempt >= maxRetries) {
        slot.state = "down";
        logger.error("sfu.workerDown", { index: slot.index, lastPid: oldPid });
        this.emit("workerDown", slot.index, oldPid);
        return;
      }
      this.scheduleRestart(slot, oldPid, attempt + 1);
    }
  }
}

function resolveOptions(options: WorkerPoolOptions) {
  const needsConfig =
    options.size === undefined ||
    options.workerBin === undefined ||
    options.rtcMinPort === undefined ||
    options.rtcMaxPort === undefined;
  const config = needsConfig ? getConfig() : undefined;
  return {
    size: options.size ?? config?.sfuWorkers ?? 1,
    workerBin: options.workerBin ?? config?.mediasoupWorkerBin ?? "",
    rtcMinPort: options.rtcMinPort ?? config?.RTC_MIN_PORT ?? 40000,
    rtcMaxPort: options.rtcMaxPort ?? config?.RTC_MAX_PORT ?? 49999,
    logLevel: options.logLevel ?? "warn",
    restart: { ...DEFAULT_RESTART, ...options.restart },
  };
}

/**
 * Each worker gets its own slice of the port range so workers never race for the same port;
 * a range too small to slice (under 10 ports each) is shared instead.
 */
export function splitPorts(min: number, max: number, count: number): { rtcMinPort: number; rtcMaxPort: number }[] {
  const total = max - min + 1;
  const perWorker = Math.floor(total / count);
  if (perWorker < 10) return Array.from({ length: count }, () => ({ rtcMinPort: min, rtcMaxPort: max }));
  return Array.from({ length: count }, (_, index) => ({
    rtcMinPort: min + index * perWorker,
    rtcMaxPort: index === count - 1 ? max : min + (index + 1) * perWorker - 1,
  }));
}

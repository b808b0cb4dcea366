/**
 * The platform's Prometheus metrics (prom-client), one registry per platform (built by
 * server/compose.ts, so the custom server and Next's route code count into the same one):
 *  - rmp_http_request_duration_seconds{method,route,status}: every HTTP request the entry
 *    (server/http/fastRoutes.ts handleHttpRequest) handles, by route pattern (routes.ts), never by
 *    raw path, so ids never become labels;
 *  - rmp_socketio_connections{namespace} and rmp_socketio_engine_connections;
 *  - rmp_sfu_workers{state}, rmp_sfu_routers / _transports / _producers / _consumers{worker}: the
 *    counts the worker pool keeps from mediasoup's observers (server/sfu/workerPool.ts), the same
 *    numbers the health report and the leak tests read;
 *  - rmp_sfu_worker_cpu_seconds{worker,mode}: each worker's CPU time (mediasoup getResourceUsage);
 *  - rmp_job_queue_depth{queue}: jobs waiting in each pg-boss queue;
 *  - rmp_sign_in_failures_total{reason}: refused sign-ins by their public code;
 *  - the process's own (prom-client's defaults, prefixed rmp_): CPU, memory, event-loop lag.
 * Values that live elsewhere are read when scraped (`collect`), from the platform's runtime.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { log } from "@/lib/log";
import type { Runtime } from "@/server/runtime";
import { UNMATCHED_ROUTE, type RouteTable } from "./routes";

const logger = log.child({ module: "metrics" });

export interface JobQueueDepthSource {
  /** Jobs waiting (created or to be retried) per queue. */
  queueDepths(): Promise<Record<string, number>>;
}

export interface MetricsInputs {
  runtime: () => Runtime;
  jobs?: JobQueueDepthSource;
  /** prom-client's process metrics (on by default; tests that build many platforms may leave them off). */
  processMetrics?: boolean;
}

/** What an SFU pool offers the metrics beyond its health snapshot (server/sfu/workerPool.ts). */
export interface SfuCpuSource {
  resourceUsage(): Promise<{ index: number; userSeconds: number; systemSeconds: number }[]>;
}

type Namespaces = { _nsps?: Map<string, { sockets: Map<string, unknown> }> };

export class PlatformMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<"method" | "route" | "status">;
  readonly signInFailures: Counter<"reason">;
  private routes: RouteTable | undefined;

  constructor(inputs: MetricsInputs) {
    const registers = [this.registry];
    if (inputs.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: "rmp_" });
    this.httpDuration = new Histogram({
      name: "rmp_http_request_duration_seconds",
      help: "HTTP requests by method, route pattern and status, from arrival to the last byte of the answer",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.signInFailures = new Counter({ name: "rmp_sign_in_failures_total", help: "Refused sign-ins by reason (the answer's public code)", labelNames: ["reason"], registers });

    const { runtime } = inputs;
    new Gauge({
      name: "rmp_socketio_connections",
      help: "Open socket.io connections by namespace",
      labelNames: ["namespace"],
      registers,
      collect() {
        this.reset();
        const io = runtime().io as Namespaces | undefined;
        for (const [name, namespace] of io?._nsps ?? []) this.set({ namespace: name }, namespace.sockets.size);
      },
    });
    new Gauge({
      name: "rmp_socketio_engine_connections",
      help: "Open engine.io connections (one per browser tab, whatever its namespaces)",
      registers,
      collect() {
        this.set(runtime().sockets?.clients() ?? 0);
      },
    });
    new Gauge({
      name: "rmp_sfu_workers",
      help: "mediasoup workers by state (up, restarting, down)",
      labelNames: ["state"],
      registers,
      collect() {
        this.reset();
        const counts = { up: 0, restarting: 0, down: 0 } as Record<string, number>;
        for (const worker of runtime().sfu?.snapshot() ?? []) counts[worker.state] = (counts[worker.state] ?? 0) + 1;
        for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
      },
    });
    const objectGauges = [
      ["routers", "rooms", "mediasoup routers (one per room) by worker"],
      ["transports", "transports", "mediasoup WebRTC transports by worker"],
      ["producers", "producers", "mediasoup producers by worker"],
      ["consumers", "consumers", "mediasoup consumers by worker"],
    ] as const;
    for (const [name, field, help] of objectGauges) {
      new Gauge({
        name: `rmp_sfu_${name}`,
        help,
        labelNames: ["worker"],
        registers,
        collect() {
          this.reset();
          for (const worker of runtime().sfu?.snapshot() ?? []) this.set({ worker: String(worker.index) }, Number(worker[field] ?? 0));
        },
      });
    }
    new Gauge({
      name: "rmp_sfu_worker_cpu_seconds",
      help: "CPU time each mediasoup worker process has used (getResourceUsage), by mode",
      labelNames: ["worker", "mode"],
      registers,
      async collect() {
        this.reset();
        const sfu = runtime().sfu as (Runtime["sfu"] & Partial<SfuCpuSource>) | undefined;
        if (!sfu?.resourceUsage) return;
        try {
          for (const usage of await sfu.resourceUsage()) {
            this.set({ worker: String(usage.index), mode: "user" }, usage.userSeconds);
            this.set({ worker: String(usage.index), mode: "system" }, usage.systemSeconds);
          }
        } catch (error) {
          logger.warn("metrics.sfuCpuUnavailable", { error });
        }
      },
    });
    new Gauge({
      name: "rmp_job_queue_depth",
      help: "Jobs waiting in each job queue (pg-boss: created or waiting for a retry)",
      labelNames: ["queue"],
      registers,
      async collect() {
        this.reset();
        if (!inputs.jobs) return;
        try {
          for (const [queue, depth] of Object.entries(await inputs.jobs.queueDepths())) this.set({ queue }, depth);
        } catch (error) {
          logger.warn("metrics.jobQueueUnavailable", { error });
        }
      },
    });
  }

  /** The route patterns requests are labelled with (the Next build's, set at start-up). */
  useRoutes(routes: RouteTable): void {
    this.routes = routes;
  }

  /** The label of a path: a fast route's or Next's pattern, or "unmatched". */
  routeOf(path: string): string {
    return this.routes?.patternOf(path) ?? UNMATCHED_ROUTE;
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

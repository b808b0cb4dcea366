/**
 * GET /metrics through the platform's entry (handleHttpRequest): refused without the token or an
 * allowed address (401/403, the platform's error JSON), answered with the Prometheus exposition
 * otherwise; request latency labelled by route pattern (never the raw path with its id); sign-in
 * failures counted; SFU, socket and job-queue gauges read from the running parts.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth/nextAuth";
import { getConfig, resetConfigForTests } from "@/server/config";
import { routeTable } from "@/server/observability/routes";
import type { Platform } from "@/server/platform";
import { testPoolOptions } from "@/server/sfu/testing";
import { WorkerPool } from "@/server/sfu/workerPool";
import { useTestDatabase } from "@/test/db";
import { startHttpEntry, type HttpEntry } from "@/test/httpEntry";

const TOKEN = `metrics-${randomBytes(20).toString("hex")}`;
let platform: Platform;
let entry: HttpEntry;
let pool: WorkerPool;

function configure(env: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfigForTests();
  getConfig();
}

beforeAll(async () => {
  configure({ METRICS_TOKEN: TOKEN, METRICS_ALLOWED_ADDRESSES: undefined });
  platform = await useTestDatabase();
  await platform.jobs.start();
  pool = await WorkerPool.create(testPoolOptions({ size: 1, rtcMinPort: 47500, rtcMaxPort: 47599 }));
  platform.runtime.sfu = pool;
  platform.metrics.useRoutes(routeTable([{ page: "/api/consultations/[id]", regex: "^/api/consultations/([^/]+?)(?:/)?$" }]));
  entry = await startHttpEntry(() => undefined);
});

afterAll(async () => {
  pool?.close();
  platform.runtime.sfu = undefined;
  await entry?.close();
  configure({ METRICS_TOKEN: undefined, METRICS_ALLOWED_ADDRESSES: undefined });
});

const scrape = (headers: Record<string, string> = {}) => fetch(`${entry.base}/metrics`, { headers });

describe("the metrics endpoint", () => {
  it("refuses a scrape without the token (401), with a wrong one (401), and answers the right one", async () => {
    const anonymous = await scrape();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("METRICS_TOKEN_REQUIRED");
    expect((await scrape({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await scrape({ authorization: TOKEN })).status).toBe(401);
    const allowed = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("content-type")).toMatch(/^text\/plain/);
    const body = await allowed.text();
    for (const name of ["rmp_http_request_duration_seconds", "rmp_socketio_engine_connections", "rmp_sfu_workers", "rmp_sfu_transports", "rmp_sfu_producers", "rmp_sfu_consumers", "rmp_sfu_routers", "rmp_sfu_worker_cpu_seconds", "rmp_job_queue_depth", "rmp_sign_in_failures_total"]) {
      expect(body, name).toContain(`# TYPE ${name} `);
    }
    // The live worker, its CPU time, and the queues' depth.
    expect(body).toMatch(/^rmp_sfu_workers\{state="up"\} 1$/m);
    expect(body).toMatch(/^rmp_sfu_transports\{worker="0"\} 0$/m);
    expect(body).toMatch(/^rmp_sfu_worker_cpu_seconds\{worker="0",mode="user"\} \d/m);
    expect(body).toMatch(/^rmp_job_queue_depth\{queue="consultation-reminders"\} \d+$/m);
  });

  it("with an address list and no token: an allowed address reads without a token, any other is refused with 403", async () => {
    try {
      configure({ METRICS_TOKEN: undefined, METRICS_ALLOWED_ADDRESSES: "10.9.9.9" });
      const refused = await scrape();
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("METRICS_ADDRESS_NOT_ALLOWED");
      configure({ METRICS_TOKEN: undefined, METRICS_ALLOWED_ADDRESSES: "127.0.0.1/32, ::1" });
      expect((await scrape()).status).toBe(200);
      // X-Forwarded-For from a peer that is not a trusted proxy changes nothing.
      configure({ METRICS_TOKEN: undefined, METRICS_ALLOWED_ADDRESSES: "10.9.9.9" });
      expect((await scrape({ "x-forwarded-for": "10.9.9.9" })).status).toBe(403);
    } finally {
      configure({ METRICS_TOKEN: TOKEN, METRICS_ALLOWED_ADDRESSES: undefined });
    }
  });

  it("labels request latency by route pattern, never by the path with its id, and counts refused sign-ins", async () => {
    const id = randomUUID();
    expect((await fetch(`${entry.base}/api/consultations/${id}`)).status).toBe(404);
    const provider = authOptions().providers[0] as unknown as { options: { authorize(credentials: Record<string, string>, request: { headers: Record<string, string> }): Promise<unknown> } };
    await expect(provider.options.authorize({ username: `nobody-${randomUUID()}`, password: "wrong-password" }, { headers: {} })).rejects.toThrow("INVALID_CREDENTIALS");
    const body = await (await scrape({ authorization: `Bearer ${TOKEN}` })).text();
    expect(body).toMatch(/^rmp_http_request_duration_seconds_count\{method="GET",route="\/api\/consultations\/\[id\]",status="404"\} [1-9]/m);
    expect(body).not.toContain(id);
    expect(body).toMatch(/^rmp_http_request_duration_seconds_count\{method="GET",route="\/metrics",status="401"\} [1-9]/m);
    expect(body).toMatch(/^rmp_sign_in_failures_total\{reason="INVALID_CREDENTIALS"\} [1-9]/m);
  });
});

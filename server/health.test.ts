import { describe, expect, it } from "vitest";
import { checkHealth } from "./health";
import type { Runtime } from "./runtime";

const healthyRuntime = (): Runtime => ({
  startedAt: new Date(Date.now() - 5_000),
  sfu: { snapshot: () => [{ index: 0, pid: 123, state: "up" }, { index: 1, pid: null, state: "restarting" }] },
  sockets: { attached: true, clients: () => 2 },
});

describe("health report", () => {
  it("is ok when the database answers, a worker is up and socket.io is attached", async () => {
    const report = await checkHealth(healthyRuntime(), async () => {});
    expect(report.status).toBe("ok");
    expect(report.database.status).toBe("ok");
    expect(report.sfu.workers).toHaveLength(2);
    expect(report.socketio).toEqual({ status: "ok", clients: 2 });
    expect(report.uptimeSeconds).toBeGreaterThanOrEqual(4);
  });

  it("is degraded with the database's error when it fails", async () => {
    const report = await checkHealth(healthyRuntime(), async () => {
      throw new Error("connection refused");
    });
    expect(report.status).toBe("degraded");
    expect(report.database).toEqual({ status: "down", error: "connection refused" });
  });

  it("is degraded when the database does not answer in time", async () => {
    const report = await checkHealth(healthyRuntime(), () => new Promise(() => {}), 50);
    expect(report.database.status).toBe("down");
    expect(report.database.error).toMatch(/no answer within 50 ms/);
  });

  it("is degraded when no SFU worker is up, and says why", async () => {
    const runtime: Runtime = { ...healthyRuntime(), sfu: undefined, sfuError: "worker binary missing" };
    const report = await checkHealth(runtime, async () => {});
    expect(report.status).toBe("degraded");
    expect(report.sfu).toEqual({ status: "down", workers: [], error: "worker binary missing" });
  });
});

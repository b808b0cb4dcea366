import { afterEach, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { WorkerBinaryMissingError } from "./mediasoupLoader";
import { testPoolOptions, waitFor } from "./testing";
import { splitPorts, WorkerPool, type PoolWorker } from "./workerPool";

const pools: WorkerPool[] = [];
async function startPool(size = 2): Promise<WorkerPool> {
  const pool = await WorkerPool.create(testPoolOptions({ size }));
  pools.push(pool);
  return pool;
}

afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("WorkerPool", () => {
  it("starts N real workers and reports them", async () => {
    const pool = await startPool(2);
    const snapshot = pool.snapshot();
    expect(snapshot).toHaveLength(2);
    for (const [index, worker] of snapshot.entries()) {
      expect(worker).toMatchObject({ index, state: "up", rooms: 0, transports: 0, producers: 0, consumers: 0 });
      expect(worker.pid).toBeGreaterThan(0);
      expect(isAlive(worker.pid!)).toBe(true);
    }
    expect(new Set(snapshot.map((worker) => worker.pid)).size).toBe(2);
  });

  it("picks the least loaded worker and counts its routers", async () => {
    const pool = await startPool(2);
    const first = pool.pickWorker();
    const router = await first.createRouter({ mediaCodecs: [] });
    const second = pool.pickWorker();
    expect(second.index).not.toBe(first.index);
    expect(pool.snapshot()[first.index]?.rooms).toBe(1);
    router.close();
    expect(pool.snapshot()[first.index]?.rooms).toBe(0);
  });

  it("replaces a SIGKILLed worker, reports the new pid and keeps the process alive", async () => {
    const pool = await startPool(2);
    const victim = pool.pickWorker();
    const router = await victim.createRouter({ mediaCodecs: [] });
    const died: number[] = [];
    const replaced: Array<{ oldPid: number; worker: PoolWorker }> = [];
    pool.on("workerDied", (_index, pid) => died.push(pid));
    pool.on("workerReplaced", (oldPid, worker) => replaced.push({ oldPid, worker }));

    const oldPid = victim.pid;
    process.kill(oldPid, "SIGKILL");
    await waitFor(() => replaced.length === 1, 5_000, "replacement");

    expect(died).toEqual([oldPid]);
    expect(router.closed).toBe(true);
    const replacement = replaced[0]!;
    expect(replacement.oldPid).toBe(oldPid);
    expect(replacement.worker.index).toBe(victim.index);
    expect(replacement.worker.pid).not.toBe(oldPid);
    const slot = pool.snapshot()[victim.index]!;
    expect(slot).toMatchObject({ state: "up", pid: replacement.worker.pid, rooms: 0 });
    const newRouter = await replacement.worker.createRouter({ mediaCodecs: [] });
    expect(newRouter.closed).toBe(false);
  });

  it("marks a slot restarting until its replacement is up", async () => {
    const pool = await startPool(1);
    const oldPid = pool.pickWorker().pid;
    process.kill(oldPid, "SIGKILL");
    await waitFor(() => pool.snapshot()[0]?.state === "restarting", 2_000, "restarting state");
    expect(() => pool.pickWorker()).toThrowError(expect.objectContaining({ code: "UNAVAILABLE" }));
    const worker = await pool.waitForWorker(5_000);
    expect(worker.pid).not.toBe(oldPid);
    expect(pool.snapshot()[0]).toMatchObject({ state: "up", pid: worker.pid });
  });

  it("close() stops every worker process", async () => {
    const pool = await startPool(2);
    const pids = pool.snapshot().map((worker) => worker.pid!);
    pool.close();
    pool.close();
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 3_000, "workers to exit");
    expect(pool.snapshot().every((worker) => worker.state === "down")).toBe(true);
  });

  it("names the missing binary and the install script", async () => {
    const missing = "/nonexistent/mediasoup-worker";
    const attempt = WorkerPool.create(testPoolOptions({ workerBin: missing }));
    await expect(attempt).rejects.toBeInstanceOf(WorkerBinaryMissingError);
    const error = await attempt.catch((caught: unknown) => caught);
    expect(isAppError(error)).toBe(true);
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toContain("scripts/install-system-deps.sh");
  });
});

describe("splitPorts", () => {
  it("gives each worker a disjoint slice covering the range", () => {
    expect(splitPorts(40000, 49999, 3)).toEqual([
      { rtcMinPort: 40000, rtcMaxPort: 43332 },
      { rtcMinPort: 43333, rtcMaxPort: 46665 },
      { rtcMinPort: 46666, rtcMaxPort: 49999 },
    ]);
  });

  it("shares a range too small to slice", () => {
    expect(splitPorts(40000, 40015, 4)).toEqual(Array(4).fill({ rtcMinPort: 40000, rtcMaxPort: 40015 }));
  });
});

import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { RoomRegistry } from "./roomRegistry";
import { testPoolOptions, waitFor } from "./testing";
import { WorkerPool } from "./workerPool";

const transportSettings = { listenIps: [{ ip: "127.0.0.1" }] };
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function setUp(size: number, rtcMinPort: number) {
  const pool = await WorkerPool.create(testPoolOptions({ size, rtcMinPort, rtcMaxPort: rtcMinPort + 499 }));
  const registry = new RoomRegistry({ pool, transportSettings });
  cleanups.push(() => pool.close(), () => registry.close());
  const rebuilt: string[] = [];
  registry.on("roomRebuilt", (roomId) => rebuilt.push(roomId));
  return { pool, registry, rebuilt };
}

describe("rooms survive a worker death", () => {
  it("rebuilds the rooms of a killed worker on a live worker and keeps the others", async () => {
    const { pool, registry, rebuilt } = await setUp(2, 46000);
    const first = await registry.join(`r-${randomUUID()}`, "doctor");
    const second = await registry.join(`r-${randomUUID()}`, "patient");
    expect(first.room.workerPid).not.toBe(second.room.workerPid);
    await first.room.createWebRtcTransport("doctor", "send");
    await first.room.createWebRtcTransport("doctor", "recv");

    const deadPid = first.room.workerPid;
    const survivorRouter = second.room.router;
    process.kill(deadPid, "SIGKILL");
    await waitFor(() => rebuilt.length === 1, 5_000, "roomRebuilt");

    expect(rebuilt).toEqual([first.room.id]);
    expect(first.room.workerPid).not.toBe(deadPid);
    expect(first.room.router.closed).toBe(false);
    expect(second.room.router).toBe(survivorRouter);
    // Membership survives; media must be renegotiated on the new router.
    expect(first.room.counts()).toEqual({ peers: 1, transports: 0, producers: 0, consumers: 0 });
    const transport = await first.room.createWebRtcTransport("doctor", "send");
    expect(transport.iceCandidates.length).toBeGreaterThan(0);

    await waitFor(() => pool.snapshot().every((worker) => worker.state === "up"), 5_000, "replacement worker");
    const pids = pool.snapshot().map((worker) => worker.pid);
    expect(pids).not.toContain(deadPid);
    expect(registry.counts()).toEqual({ rooms: 2, peers: 2, transports: 1, producers: 0, consumers: 0 });
  });

  it("with a single worker, waits for the replacement and rebuilds there", async () => {
    const { pool, registry, rebuilt } = await setUp(1, 46500);
    const { room } = await registry.join(`r-${randomUUID()}`, "doctor");
    const deadPid = room.workerPid;
    const replaced: number[] = [];
    pool.on("workerReplaced", (_oldPid, worker) => replaced.push(worker.pid));

    process.kill(deadPid, "SIGKILL");
    await waitFor(() => rebuilt.length === 1, 5_000, "roomRebuilt");

    expect(replaced).toHaveLength(1);
    expect(room.workerPid).toBe(replaced[0]);
    expect(pool.snapshot()[0]).toMatchObject({ state: "up", pid: replaced[0], rooms: 1 });
    await expect(room.createWebRtcTransport("doctor", "recv")).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("closes a room whose rebuild cannot find a worker", async () => {
    const { pool } = await setUp(1, 46800);
    const slowRegistry = new RoomRegistry({ pool, transportSettings, rebuildTimeoutMs: 1 });
    cleanups.push(() => slowRegistry.close());
    const closed: string[] = [];
    slowRegistry.on("roomClosed", (roomId) => closed.push(roomId));
    const { room } = await slowRegistry.join(`r-${randomUUID()}`, "doctor");

    process.kill(room.workerPid, "SIGKILL");
    await waitFor(() => room.closed, 3_000, "room to close");
    expect(closed).toEqual([room.id]);
    expect(slowRegistry.get(room.id)).toBeUndefined();
    expect(slowRegistry.counts().rooms).toBe(0);
  });
});

/**
 * CPU and memory of the mediasoup worker per forwarded stream: `npx tsx bench/video-stream-cost.bench.ts`
 * (needs a build in NEXT_DIST_DIR). 2, 3, then 4 Chromium participants each send audio and
 * 3-layer simulcast VP8 (fake camera) into one room; for each step the worker hosting the room is
 * sampled from /proc (utime+stime, VmRSS) over WINDOW seconds. Forwarded streams = consumers =
 * n·(n−1)·2. The per-stream figure is the least-squares slope. Writes bench/results/video-stream-cost.json.
 */
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRoom, enterRoom, launch, root, signedIn, startServer } from "./videoBench";

const WINDOW_S = Number(process.env.WINDOW ?? 15);
const CLOCK_TICKS = 100;
const USERS = ["specialist", "specialist.neuro", "specialist.endo", "coordinator"];

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((row) => row.startsWith("VmRSS:"));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

const server = await startServer(Number(process.env.BENCH_PORT ?? 3530));
const browser = await launch();
try {
  const pages = [];
  for (const user of USERS) pages.push(await signedIn(browser, server.url, user));
  const roomId = await createRoom(pages[3]!, USERS.slice(0, 3), []);
  const steps: { participants: number; forwardedStreams: number; workerCpuPercent: number; workerRssMb: number }[] = [];
  let idleRss = 0;
  for (let n = 1; n <= USERS.length; n += 1) {
    await enterRoom(pages[n - 1]!, roomId);
    if (n === 1) continue;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { sfu: { workers: { pid: number; rooms: number; consumers: number }[] } };
    const worker = health.sfu.workers.find((candidate) => candidate.rooms > 0)!;
    if (!idleRss) idleRss = Math.min(...health.sfu.workers.map((candidate) => rssMb(candidate.pid)));
    const before = cpuSeconds(worker.pid);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_S * 1000));
    const used = cpuSeconds(worker.pid) - before;
    steps.push({ participants: n, forwardedStreams: worker.consumers, workerCpuPercent: Math.round((used / WINDOW_S) * 1000) / 10, workerRssMb: Math.round(rssMb(worker.pid) * 10) / 10 });
    console.log(JSON.stringify(steps.at(-1)));
  }
  const xs = steps.map((step) => step.forwardedStreams);
  const slope = (ys: number[]) => {
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const num = xs.reduce((sum, x, i) => sum + (x - mx) * ((ys[i] ?? 0) - my), 0);
    const den = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
    return Math.round((num / den) * 1000) / 1000;
  };
  const result = {
    name: "video-stream-cost",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
    windowSeconds: WINDOW_S,
    steps,
    idleWorkerRssMb: Math.round(idleRss * 10) / 10,
    cpuPercentPerForwardedStream: slope(steps.map((step) => step.workerCpuPercent)),
    rssMbPerForwardedStream: slope(steps.map((step) => step.workerRssMb)),
    note: "one mediasoup 3.8.4 worker process, loopback; streams are audio (opus) and VP8 simulcast (3 layers, one forwarded per consumer) from Chromium's fake camera; all browsers on the same 2-core machine",
  };
  mkdirSync(path.join(root, "bench/results"), { recursive: true });
  writeFileSync(path.join(root, "bench/results/video-stream-cost.json"), JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify({ cpuPercentPerForwardedStream: result.cpuPercentPerForwardedStream, rssMbPerForwardedStream: result.rssMbPerForwardedStream }));
} finally {
  await browser.close();
  await server.stop();
}

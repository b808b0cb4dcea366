/**
 * Time from clicking "join" (host, so already admitted; devices already granted and previewing)
 * to the first remote video frame presented (requestVideoFrameCallback on the remote tile),
 * over JOINS joins on loopback: `npx tsx bench/video-first-frame.bench.ts` (needs a build in
 * NEXT_DIST_DIR). Target p50 ≤ 400 ms, p95 ≤ 800 ms. Writes bench/results/video-first-frame.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRoom, enterRoom, launch, percentile, root, signedIn, startServer } from "./videoBench";

function medianTimeline(timelines: [string, number][][]): Record<string, number> {
  const byLabel = new Map<string, number[]>();
  for (const timeline of timelines) for (const [label, ms] of timeline) byLabel.set(label, [...(byLabel.get(label) ?? []), ms]);
  return Object.fromEntries([...byLabel].map(([label, values]) => [label, percentile([...values].sort((a, b) => a - b), 50)] as const).sort((a, b) => a[1] - b[1]));
}

const JOINS = Number(process.env.JOINS ?? 25);
const server = await startServer(Number(process.env.BENCH_PORT ?? 3520));
const browser = await launch();
try {
  const coordinator = await signedIn(browser, server.url, "coordinator");
  const expert = await signedIn(browser, server.url, "specialist");
  const roomId = await createRoom(coordinator, ["specialist"], []);
  await enterRoom(expert, roomId);

  const samples: number[] = [];
  const timelines: [string, number][][] = [];
  for (let join = 0; join < JOINS; join += 1) {
    await coordinator.goto(`/video/${roomId}`);
    const button = coordinator.getByTestId("join-button").and(coordinator.locator(":enabled"));
    await button.waitFor();
    await button.click();
    try {
      await coordinator.waitForFunction(() => window.__video?.firstFrameMs() != null, undefined, { timeout: 20_000, polling: 20 });
    } catch (error) {
      const state = await coordinator.evaluate(() => ({ phase: window.__video?.client.state.phase, notice: window.__video?.client.state.notice, timeline: window.__video?.client.timeline }));
      throw new Error(`join ${join}: no remote frame: ${JSON.stringify(state)}`, { cause: error });
    }
    samples.push(Math.round((await coordinator.evaluate(() => window.__video!.firstFrameMs()!)) * 10) / 10);
    timelines.push(await coordinator.evaluate(() => window.__video!.client.timeline));
    await coordinator.getByTestId("leave").click();
    await coordinator.getByTestId("video-ended").waitFor();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const result = {
    name: "video-first-frame",
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model },
    joins: JOINS,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
    targets: { p50Ms: 400, p95Ms: 800 },
    samplesMs: samples,
    medianTimelineMs: medianTimeline(timelines),
    note: "click on join (host: admitted at once; camera/mic already granted) to the first remote frame presented; loopback, 2 SFU workers, the remote sender a second Chromium page on the same machine",
  };
  mkdirSync(path.join(root, "bench/results"), { recursive: true });
  writeFileSync(path.join(root, "bench/results/video-first-frame.json"), JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify({ p50Ms: result.p50Ms, p95Ms: result.p95Ms, minMs: result.minMs, maxMs: result.maxMs, timeline: result.medianTimelineMs }));
} finally {
  await browser.close();
  await server.stop();
}

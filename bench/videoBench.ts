/** Shared set-up of the video benchmarks: the real server on a fresh database, and Chromium pages. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";

export const root = path.resolve(import.meta.dirname, "..");

export async function startServer(port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ["scripts/e2e-server.mjs", "--db", "postgres", "--port", String(port)], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("server did not start");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
    },
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", ...(process.getuid?.() === 0 ? ["--no-sandbox"] : [])],
  });
}

export async function signedIn(browser: Browser, url: string, username: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: url, permissions: ["camera", "microphone"] });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill("Demo@2026");
  await page.getByRole("button", { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL(/\/home$/);
  return page;
}

export async function createRoom(page: Page, hosts: string[], participants: string[]): Promise<string> {
  const start = new Date();
  const response = await page.request.post("/api/video/rooms", {
    data: { title: `基准测试 ${start.getTime()}`, scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 3_600_000).toISOString(), hostUsernames: hosts, participantUsernames: participants },
  });
  if (response.status() !== 201) throw new Error(`room creation failed: ${response.status()} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Opens the room page, waits for devices, clicks join and waits until the room is shown. */
export async function enterRoom(page: Page, roomId: string): Promise<void> {
  await page.goto(`/video/${roomId}`);
  await page.getByTestId("join-button").and(page.locator(":enabled")).click();
  await page.getByTestId("video-room").waitFor({ timeout: 30_000 });
}

export function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

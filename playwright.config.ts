import { defineConfig, devices } from "@playwright/test";

// E2E_PORT_BASE lets two test runs share a machine without colliding.
const portBase = Number(process.env.E2E_PORT_BASE ?? 3210);
export const PG_PORT = portBase;
export const EMBEDDED_PORT = portBase + 1;

// Debian's Chromium (the bundled browser download is not reachable here), with a fake camera
// and microphone for WebRTC, and without the background services that call closed hosts.
const chromiumArgs = [
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
];

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: ".test-results/playwright.json" }], ...(process.env.CI ? [] : [["html", { open: "never" }] as const])],
  use: {
    baseURL: `http://localhost:${PG_PORT}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined }, testIgnore: /mobile\.spec\.ts/ },
    // A 375 px iPhone-like phone (touch, mobile viewport), in the same Chromium with the same launch options.
    {
      name: "mobile",
      use: { ...devices["iPhone 13"], viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, defaultBrowserType: "chromium", channel: undefined },
      testMatch: /mobile\.spec\.ts/,
    },
  ],
  webServer: [
    {
      command: `node scripts/e2e-server.mjs --db postgres --port ${PG_PORT}`,
      url: `http://localhost:${PG_PORT}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `node scripts/e2e-server.mjs --db embedded --port ${EMBEDDED_PORT}`,
      url: `http://localhost:${EMBEDDED_PORT}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});

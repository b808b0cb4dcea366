/**
 * Issue 10 in Chromium: pages carry a Content-Security-Policy whose script nonce is fresh on every
 * load, with no 'unsafe-inline' for scripts; the policy really stops an injected inline script
 * (and the suite's CSP guard in fixtures.ts sees it); the favicon, icons and web manifest exist.
 * Every other spec's pages are checked for violations by that guard.
 */
import { expect, type Page } from "@playwright/test";
import { test } from "./fixtures";

function directivesOf(policy: string | undefined): Map<string, string[]> {
  return new Map((policy ?? "").split(";").map((part) => part.trim().split(/\s+/)).map(([name = "", ...sources]) => [name, sources]));
}

test("each page load has a policy of its own nonce: scripts by nonce and strict-dynamic, never unsafe-inline", async ({ page }) => {
  const nonces: string[] = [];
  for (const path of ["/signin", "/signin", "/"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    const policy = directivesOf((await response!.allHeaders())["content-security-policy"]);
    const scriptSources = policy.get("script-src") ?? [];
    expect(scriptSources).toContain("'strict-dynamic'");
    expect(scriptSources).not.toContain("'unsafe-inline'");
    expect(scriptSources).not.toContain("'unsafe-eval'");
    expect(policy.get("style-src")).not.toContain("'unsafe-inline'");
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    const nonce = scriptSources.find((source) => source.startsWith("'nonce-"));
    expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/]{22}=='$/);
    nonces.push(nonce!);
  }
  expect(new Set(nonces).size).toBe(nonces.length);
  // The page works under it: Next's scripts ran (the form is interactive) without a violation.
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: /^(登录|Sign in)$/ })).toBeEnabled();
});

// Markup an attacker got into a page (stored XSS): an inline handler. ('strict-dynamic' trusts
// scripts a running script creates, so the test injects markup, the way XSS arrives.)
test("injected markup's inline script does not run, and the suite's guard reports it", async ({ page, cspViolations }) => {
  await page.goto("/signin");
  expect(await injectInlineHandler(page)).toBe(false);
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  expect(cspViolations.join("\n")).toContain("script-src");
  // Provoked on purpose: emptied so the guard passes this test.
  cspViolations.length = 0;
});

test("the guard also watches the contexts a test opens itself (browser.newContext, browser.newPage)", async ({ browser, baseURL, cspViolations }) => {
  const context = await browser.newContext();
  const own = await context.newPage();
  await own.goto(`${baseURL}/signin`);
  expect(await injectInlineHandler(own)).toBe(false);
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  cspViolations.length = 0;
  const single = await browser.newPage();
  await single.goto(`${baseURL}/signin`);
  expect(await injectInlineHandler(single)).toBe(false);
  await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
  cspViolations.length = 0;
  await Promise.all([context.close(), single.close()]);
});

/** Whether an inline event handler in markup added to the page ran. */
function injectInlineHandler(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const holder = document.createElement("div");
    holder.innerHTML = `<img src="data:," onerror="window.__injected = true">`;
    document.body.append(holder);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
}

test("the favicon, the app icons and the web manifest answer, and every page links them", async ({ page, request }) => {
  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/icon/);
  const manifestResponse = await request.get("/manifest.webmanifest");
  expect(manifestResponse.status()).toBe(200);
  const manifest = (await manifestResponse.json()) as { name: string; short_name: string; theme_color: string; icons: { src: string; sizes: string; purpose: string }[] };
  expect(manifest.name).toBe("远程医疗协同平台");
  expect(manifest.short_name).toMatch(/^[A-Za-z ]+$/);
  expect(manifest.theme_color).toBe("#0b6e74");
  for (const size of ["192x192", "512x512"]) expect(manifest.icons.some((icon) => icon.sizes === size && icon.purpose === "maskable")).toBe(true);
  for (const icon of manifest.icons) expect((await request.get(icon.src)).status(), icon.src).toBe(200);
  expect((await request.get("/apple-touch-icon.png")).status()).toBe(200);

  await page.goto("/signin");
  await expect(page.locator('head link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(page.locator('head link[rel="icon"][href="/favicon.ico"]')).toHaveCount(1);
  await expect(page.locator('head link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
});

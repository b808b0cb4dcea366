import { expect, type Page } from "@playwright/test";
import { test } from "./data";
import { pageApi, signInAs, SIGN_IN_TIMEOUT } from "./fixtures";

// The "mobile" project: a 375 px phone. 200 % zoom there is a 188 px wide CSS viewport.

const RESIDENT_PAGES = ["/home", "/card", "/advice", "/my-record", "/card/access"];

async function rootFontSize(page: Page): Promise<number> {
  return page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
}

test("a resident turns on large text: every resident page grows, fits 375 px at 200 % zoom, and the choice follows the account to another device", async ({ browser, data }) => {
  test.setTimeout(120_000);
  const { username, password } = await data.patient();
  const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  await signInAs(page, username, password);
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });

  const toggle = page.getByRole("button", { name: "大字模式" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  expect(await rootFontSize(page)).toBe(16);
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => rootFontSize(page)).toBe(20);

  await page.setViewportSize({ width: 188, height: 406 });
  for (const path of RESIDENT_PAGES) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await rootFontSize(page), path).toBe(20);
    const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(widths.content, `${path}: no sideways scrolling at 200 % zoom with large text`).toBeLessThanOrEqual(widths.viewport);
  }

  // Another device: signed in there, the account's choice is already on.
  const tablet = await browser.newContext({ viewport: { width: 768, height: 1024 } });
  const other = await tablet.newPage();
  await signInAs(other, username, password);
  await expect(other).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  await expect(other.getByRole("button", { name: "大字模式" })).toHaveAttribute("aria-pressed", "true");
  expect(await rootFontSize(other)).toBe(20);
  // Off again there: the normal size everywhere.
  await other.getByRole("button", { name: "大字模式" }).click();
  await expect.poll(() => rootFontSize(other)).toBe(16);
  await page.goto("/home");
  expect(await rootFontSize(page)).toBe(16);

  // Bad input to the preferences API: 400 with a message, nothing changed.
  const refused = await pageApi(other).put("/api/account/preferences", { data: { largeText: "yes" } });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.message).toBeTruthy();
  expect(await (await other.request.get("/api/account/preferences")).json()).toEqual({ largeText: false });
  // From another site (no same-origin Origin): refused, nothing changed.
  expect((await other.request.put("/api/account/preferences", { data: { largeText: true }, headers: { origin: "https://evil.example" } })).status()).toBe(403);
  expect(await (await other.request.get("/api/account/preferences")).json()).toEqual({ largeText: false });
  await phone.close();
  await tablet.close();
});

test("staff pages have no large-text switch", async ({ page, data }) => {
  await signInAs(page, (await data.countyDoctor()).username);
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "大字模式" })).toHaveCount(0);
});

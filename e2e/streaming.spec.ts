import { expect } from "@playwright/test";
import { expectHome, signInAs, test } from "./fixtures";

/**
 * React 19.2 streams a Suspense boundary's content in a hidden <div id="S:…"> and reveals it up to
 * 300 ms (or 2.3 s after navigation start) later, so while a page loaded the content was in the
 * DOM twice: a `loading.tsx` around every portal page made every page such a boundary, and tests
 * that looked up a test id found two elements. Portal pages now arrive whole.
 */
test("a portal page arrives whole: its content is in the DOM once, with no hidden streamed copy", async ({ page }) => {
  await signInAs(page, "county.doctor");
  await expectHome(page, "COUNTY_DOCTOR");
  const html = await (await page.request.get("/home")).text();
  expect(html).not.toMatch(/<div hidden id="S:/);
  expect(html.match(/data-testid="home-COUNTY_DOCTOR"/g)).toHaveLength(1);
  await page.goto("/consultations", { waitUntil: "commit" });
  await page.waitForSelector("#main", { state: "attached" });
  expect(await page.locator('div[hidden][id^="S:"]').count()).toBe(0);
});

/**
 * Issue 9, hole 7, in Chromium: a page of another origin posts a form to the platform while the
 * person is signed in. The page is served on another port of the same host: another origin but
 * the same site, so the browser sends the SameSite=Lax session cookie with it (what SameSite does
 * not cover: a sibling sub-domain or another port's application): the platform must refuse it by
 * its Origin and Sec-Fetch-Site, and change nothing.
 */
import { expect } from "@playwright/test";
import { PG_PORT } from "../playwright.config";
import { e2eQuery, signedInPage, test } from "./fixtures";

const PLATFORM = `http://localhost:${PG_PORT}`;
const EVIL_ORIGIN = `http://localhost:${PG_PORT + 7}`;
const EVIL = `${EVIL_ORIGIN}/win-a-prize`;
const KIND = "e2e.crossSite";
const unread = () => e2eQuery(PG_PORT, "SELECT 1 FROM notification n JOIN app_user u ON u.id = n.user_id WHERE u.username = 'patient3' AND n.kind = $1 AND n.read_at IS NULL", [KIND]);

test("a cross-origin form POST with the signed-in person's cookie is refused and changes nothing", async ({ browser }) => {
  const page = await signedInPage(browser, "patient3");
  await e2eQuery(PG_PORT, "INSERT INTO notification (id, user_id, kind, params) SELECT gen_random_uuid(), id, $1, '{}' FROM app_user WHERE username = 'patient3'", [KIND]);
  const before = await unread();
  expect(before).toBeGreaterThan(0);

  // The attacker's page: a text/plain form whose body reads as JSON ({"all":true,"x":"="}), sent on load.
  await page.route(EVIL, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><form method="post" enctype="text/plain" action="${PLATFORM}/api/notifications/read"><input type="hidden" name='{"all":true,"x":"' value='"}'></form><script>document.forms[0].submit()</script>`,
    }),
  );
  const answered = page.waitForResponse((response) => response.url() === `${PLATFORM}/api/notifications/read`);
  await page.goto(EVIL);
  const response = await answered;
  // (Playwright's view of the request shows the Origin; Sec-Fetch-Site and the cookie are added below it.)
  expect((await response.request().allHeaders()).origin).toBe(EVIL_ORIGIN);
  expect(response.status()).toBe(403);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("CROSS_SITE");
  await expect(page.locator("body")).toContainText("此请求不是从本平台的页面发出的");
  expect(await unread()).toBe(before);

  // The platform's own page still marks them read.
  await page.goto("/home");
  const own = await page.evaluate(async () => (await fetch("/api/notifications/read", { method: "POST", headers: { "content-type": "application/json" }, body: '{"all":true}' })).status);
  expect(own).toBe(200);
  expect(await unread()).toBe(0);
  await page.context().close();
});

/**
 * Guests by link (issue 13): the host of a call invites a family member with a one-time link; the
 * guest opens it on a 375 px phone, passes the pre-join check, waits in the waiting room, is let
 * in marked as a guest, and exchanges video with the host. The guest reaches nothing outside the
 * call; the same link is refused after use and after expiry; ending the call signs the guest out.
 */
import AxeBuilder from "@axe-core/playwright";
import { devices, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { PG_PORT } from "../playwright.config";
import { test, type TestData } from "./data";
import { e2eQuery, pageApi, signedInPage } from "./fixtures";

test.describe.configure({ mode: "serial" });
test.setTimeout(240_000);

// Contexts a test opens inherit the project's device (the mobile project's iPhone), so each says
// what it is. The phone is an Android one at 375 px: in Chromium an iPhone's user agent would make
// mediasoup-client pick its Safari handler.
const PHONE = { ...devices["Pixel 5"], viewport: { width: 375, height: 812 }, permissions: ["camera", "microphone"] };
const DESKTOP = { ...devices["Desktop Chrome"], viewport: { width: 1366, height: 900 }, permissions: ["camera", "microphone"] };

type InboundRow = { userId: string; kind: string; source: string; framesDecoded: number };
const stats = (page: Page) => page.evaluate(() => window.__video?.stats() ?? Promise.resolve([])) as Promise<InboundRow[]>;
const framesFrom = async (page: Page, userId: string) => (await stats(page)).filter((row) => row.userId === userId && row.kind === "video" && row.source === "camera").reduce((sum, row) => sum + row.framesDecoded, 0);
const userIdOf = (page: Page) => page.evaluate(() => window.__video?.client.state.userId ?? null) as Promise<string | null>;

async function expectNoSeriousAxeViolations(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(bad.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`), `axe on ${what}`).toEqual([]);
}

/** A meeting scheduled now by a coordinator of the test's own: a fresh specialist hosts, a fresh county doctor takes part. */
async function meeting(browser: Browser, data: TestData): Promise<{ roomId: string; hostUsername: string }> {
  const [host, doctor, coordinator] = await Promise.all([data.specialist(null), data.countyDoctor(), data.coordinator()]);
  const page = await signedInPage(browser, coordinator.username, DESKTOP);
  const start = new Date();
  const response = await pageApi(page).post("/api/video/rooms", {
    data: { title: `访客入会测试 ${start.getTime()}`, scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 3_600_000).toISOString(), hostUsernames: [host.username], participantUsernames: [doctor.username] },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await page.context().close();
  return { roomId: id, hostUsername: host.username };
}

/** The host, in the call, makes a link in the invitation dialog; answers its address. */
async function inviteFromCall(host: Page, name: string, validity: string): Promise<string> {
  await host.getByTestId("tab-people").click();
  await host.getByTestId("guest-invite-open").click();
  const dialog = host.getByRole("dialog", { name: "邀请访客入会" });
  await dialog.getByLabel("访客称呼").fill(name);
  await dialog.getByLabel("访客身份").selectOption({ label: "家属" });
  await dialog.getByLabel("链接有效期").selectOption({ label: validity });
  await dialog.getByTestId("guest-invite-submit").click();
  await expect(dialog.getByTestId("guest-link-issued")).toContainText(`请复制后发送给${name}`);
  const url = await dialog.getByTestId("guest-link-url").inputValue();
  expect(url).toMatch(/\/guest#rmpg_/);
  await dialog.getByRole("button", { name: "关闭" }).click();
  return url;
}

async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(PHONE);
  return { context, page: await context.newPage() };
}

test("a guest on a 375 px phone joins by link, waits, is let in marked as a guest and exchanges video with the host; the guest reaches nothing else, the link works once, and ending the call signs them out", async ({ browser, data }) => {
  const { roomId, hostUsername } = await meeting(browser, data);
  const host = await signedInPage(browser, hostUsername, DESKTOP);
  await host.goto(`/video/${roomId}`);
  await host.getByTestId("join-button").click();
  await expect(host.getByTestId("video-room")).toBeVisible({ timeout: 30_000 });

  // The form says what is wrong in its own words, and nothing is issued.
  await host.getByTestId("tab-people").click();
  await host.getByTestId("guest-invite-open").click();
  const dialog = host.getByRole("dialog", { name: "邀请访客入会" });
  await dialog.getByTestId("guest-invite-submit").click();
  await expect(dialog.getByTestId("guest-name-error")).toHaveText("此项为必填项，请填写。");
  await expectNoSeriousAxeViolations(host, "the host's invitation dialog");
  await dialog.getByRole("button", { name: "关闭" }).click();
  await expect(host.getByTestId("guest-links")).toHaveCount(0);

  const link = await inviteFromCall(host, "王女士（家属）", "30 分钟");
  await expect(host.getByTestId("guest-links")).toContainText("待使用");

  // The guest's phone: the link opens the call's page, with no navigation into the portal.
  const guest = await phone(browser);
  await guest.page.goto(link);
  await expect(guest.page).toHaveURL(new RegExp(`/video/${roomId}$`), { timeout: 30_000 });
  await expect(guest.page.getByTestId("signed-in-as")).toContainText("您以访客身份入会：王女士（家属）");
  await expect(guest.page.locator(".topbar__nav")).toHaveCount(0);
  await expect(guest.page.getByTestId("join-button")).toBeVisible({ timeout: 30_000 });
  await expectNoSeriousAxeViolations(guest.page, "the guest's pre-join check at 375 px");
  await guest.page.getByTestId("join-button").click();
  await expect(guest.page.getByTestId("video-waiting")).toBeVisible({ timeout: 30_000 });

  // The host sees them waiting, marked as a guest, and lets them in.
  await expect(host.getByTestId("waiting-badge")).toBeVisible({ timeout: 20_000 });
  await host.getByTestId("tab-people").click();
  const waiting = host.locator('[data-testid^="waiting-"]').filter({ hasText: "王女士（家属）" });
  await expect(waiting.getByTestId("guest-badge")).toHaveText("访客 · 家属");
  await waiting.getByTestId("admit").click();
  await expect(guest.page.getByTestId("video-room")).toBeVisible({ timeout: 30_000 });
  await expect(host.getByTestId("participant-list")).toContainText("访客 · 家属");
  await expect(host.getByTestId("guest-links")).toContainText("已使用");

  // Video both ways.
  const [hostId, guestId] = [await userIdOf(host), await userIdOf(guest.page)];
  await expect.poll(() => framesFrom(host, guestId!), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => framesFrom(guest.page, hostId!), { timeout: 30_000 }).toBeGreaterThan(0);
  const before = await framesFrom(host, guestId!);
  await expect.poll(() => framesFrom(host, guestId!), { timeout: 20_000 }).toBeGreaterThan(before);
  // The call fits the phone: no sideways scrolling, no record tab for the guest.
  expect(await guest.page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(375);
  await expect(guest.page.getByTestId("tab-record")).toHaveCount(0);
  await expectNoSeriousAxeViolations(guest.page, "the guest in the call at 375 px");

  // Nothing outside the call: pages send them to "forbidden", APIs answer 403, another room is closed.
  const probe = await guest.context.newPage();
  for (const path of ["/home", "/video", "/consultations", "/card", `/video/${roomId}/record`]) {
    await probe.goto(path);
    await expect(probe, path).toHaveURL(/\/forbidden/);
  }
  for (const path of ["/api/notifications/unread", "/api/video/rooms", `/api/video/rooms/${roomId}/record`, `/api/video/rooms/${roomId}/guests`, "/api/patients?q=王"]) {
    expect((await guest.context.request.get(path)).status(), path).toBe(403);
  }
  const other = await meeting(browser, data);
  expect((await pageApi(probe).post(`/api/video/rooms/${other.roomId}/token`)).status()).toBe(403);
  await probe.close();

  // The same link on another phone: refused, saying why.
  const second = await phone(browser);
  await second.page.goto(link);
  await expect(second.page.getByTestId("guest-refused")).toContainText("该入会链接已经使用过", { timeout: 20_000 });
  await expect(second.page).toHaveURL(/\/guest$/);
  await second.context.close();

  // A link past its time: refused, saying why (its expiry moved into the past rather than waiting 30 minutes).
  const expiring = await inviteFromCall(host, "李先生（家属）", "30 分钟");
  await e2eQuery(PG_PORT, "UPDATE video_guest_link SET expires_at = now() - interval '1 second' WHERE display_name = '李先生（家属）' AND room_id = $1", [roomId]);
  const late = await phone(browser);
  await late.page.goto(expiring);
  await expect(late.page.getByTestId("guest-refused")).toContainText("该入会链接已过期");
  await late.context.close();
  await host.getByTestId("tab-people").click();
  // The host's list is read again every 15 s.
  await expect(host.getByTestId("guest-links")).toContainText("已过期", { timeout: 20_000 });

  // The host ends the call: the guest is thanked, and their session is over.
  await host.getByTestId("end-for-all").click();
  await host.getByTestId("end-for-all-confirm").click();
  await expect(guest.page.getByTestId("video-ended")).toContainText("感谢您的参与");
  await expect(guest.page.getByTestId("video-ended").getByRole("link")).toHaveCount(0);
  await expect.poll(async () => (await pageApi(guest.page).post(`/api/video/rooms/${roomId}/token`)).status()).toBe(401);
  await guest.context.close();
  await host.context().close();
});

test("the guest link page explains a link that is missing, forged or bad, and the API refuses bad input with 4xx", async ({ browser }) => {
  const { context, page } = await phone(browser);
  await page.goto("/guest");
  await expect(page.getByTestId("guest-refused")).toContainText("这个地址缺少入会链接");
  // A link opened anew (from /guest itself a hash change would not load the page again).
  await page.goto("about:blank");
  await page.goto("/guest#rmpg_forged-token-that-was-never-issued-0000");
  await expect(page.getByTestId("guest-refused")).toContainText("该入会链接无效");
  await expectNoSeriousAxeViolations(page, "the guest link page's refusal at 375 px");
  const api = pageApi(page);
  expect((await api.post("/api/guest/redeem", { data: { token: "rmpg_abc\u0000def-0000000000" } })).status()).toBe(400);
  expect((await api.post("/api/guest/redeem", { data: { token: "x".repeat(10_000) } })).status()).toBe(400);
  expect((await api.post("/api/guest/redeem", { data: {} })).status()).toBe(400);
  // From another site: refused before the token is looked at.
  expect((await context.request.post("/api/guest/redeem", { data: { token: "rmpg_forged-token" }, headers: { origin: "https://evil.example" } })).status()).toBe(403);
  await context.close();
});

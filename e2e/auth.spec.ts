import { expect } from "@playwright/test";
import { EMBEDDED_PORT } from "../playwright.config";
import { expectHome, signInAs, test } from "./fixtures";

const ROLE_ACCOUNTS = [
  { username: "county.doctor", role: "COUNTY_DOCTOR", heading: "县级医生工作台" },
  { username: "specialist", role: "SPECIALIST", heading: "专家工作台" },
  { username: "coordinator", role: "COORDINATOR", heading: "今日调度看板" },
  { username: "inst.admin", role: "INSTITUTION_ADMIN", heading: "机构管理" },
  { username: "platform.admin", role: "PLATFORM_ADMIN", heading: "平台管理" },
  { username: "patient", role: "PATIENT", heading: "我的健康" },
];

for (const account of ROLE_ACCOUNTS) {
  test(`${account.role} signs in and lands on their home page`, async ({ page }) => {
    await signInAs(page, account.username);
    await expectHome(page, account.role);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(account.heading);
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/signin\?signedOut=1/);
    await expect(page.getByRole("status")).toContainText("您已安全退出");
  });
}

test("a wrong password shows a message and stays on the sign-in page", async ({ page }) => {
  await signInAs(page, "specialist.neuro", "not-the-password");
  await expect(page.getByTestId("signin-error")).toHaveText("用户名或密码不正确，请检查后重试。");
  await expect(page).toHaveURL(/\/signin/);
});

test("empty fields are refused in the form with a message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("signin-error")).toHaveText("请输入用户名和密码。");
});

test("pages need a session: a signed-out visitor is sent to sign-in", async ({ page }) => {
  await page.goto("/home");
  await expect(page).toHaveURL(/\/signin/);
});

test("the sign-in page switches to English and back", async ({ page }) => {
  await page.goto("/signin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录");
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: /中文/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录");
});

test("unknown pages show the 404 page; unknown APIs answer JSON 404", async ({ page, request }) => {
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
  const response = await request.get("/api/no-such-api");
  expect(response.status()).toBe(404);
  expect(await response.json()).toEqual({ error: { code: "API_NOT_FOUND", message: "没有这个接口：/api/no-such-api" } });
});

test("health reports the database, every SFU worker and socket.io", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("ok");
  expect(body.database.status).toBe("ok");
  expect(body.sfu.workers.length).toBeGreaterThanOrEqual(1);
  expect(body.sfu.workers.every((worker: { state: string }) => worker.state === "up")).toBe(true);
  expect(body.socketio.status).toBe("ok");
});

test("smoke: the embedded PGlite default starts, is healthy and signs a user in", async ({ page, request }) => {
  const base = `http://localhost:${EMBEDDED_PORT}`;
  const health = await (await request.get(`${base}/api/health`)).json();
  expect(health.database.status).toBe("ok");
  await signInAs(page, "coordinator", undefined, base);
  await expect(page).toHaveURL(`${base}/home`);
  await expect(page.getByTestId("home-COORDINATOR")).toBeVisible();
});

test("the platform admin reads sign-ins in the audit log; a resident is refused the page", async ({ page, browser }) => {
  await signInAs(page, "platform.admin");
  await expectHome(page, "PLATFORM_ADMIN");
  await page.getByRole("link", { name: "审计日志" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("审计日志");
  await page.getByLabel("操作", { exact: true }).selectOption({ label: "登录" });
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page.getByTestId("audit-action").first()).toHaveText("登录");
  await expect(page.getByTestId("audit-table")).not.toContainText("auth.signed_in");

  const residentContext = await browser.newContext();
  const resident = await residentContext.newPage();
  await signInAs(resident, "patient2");
  await expectHome(resident, "PATIENT");
  await expect(resident.getByRole("link", { name: "审计日志" })).toHaveCount(0);
  await resident.goto("/audit");
  await expect(resident).toHaveURL(/\/forbidden$/);
  await expect(resident.getByRole("heading", { level: 1 })).toHaveText("无权访问");
  await residentContext.close();
});

test("signing out ends the session: the other tab's live socket is closed and the old cookie is refused on the next page and API request", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, "specialist");
  await expectHome(page, "SPECIALIST");
  const cookie = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(cookie).toBeDefined();
  // A second tab of the same browser, on a page with a live socket (the notification bell).
  const otherTab = await context.newPage();
  await otherTab.goto("/notifications");
  await expect(otherTab.getByTestId("notification-bell")).toHaveAttribute("data-live", "true");

  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1/);
  // The server closed the other tab's socket; it shows the signed-out state.
  await expect(otherTab).toHaveURL(/\/signin\?expired=1/);
  await expect(otherTab.getByTestId("session-expired")).toHaveText("登录已过期，请重新登录。");

  // The old cookie, replayed from a browser of its own, no longer works.
  const replay = await browser.newContext();
  await replay.addCookies([cookie!]);
  const replayed = await replay.newPage();
  await replayed.goto("/home");
  await expect(replayed).toHaveURL(/\/signin\?expired=1/);
  await expect(replayed.getByTestId("session-expired")).toHaveText("登录已过期，请重新登录。");
  const api = await replay.request.get("/api/notifications/unread");
  expect(api.status()).toBe(401);
  expect(await api.json()).toEqual({ error: { code: "SESSION_EXPIRED", message: "登录已过期，请重新登录。" } });
  await replay.close();
  await context.close();
});

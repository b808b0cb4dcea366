import { expect, type Page } from "@playwright/test";
import { test } from "./data";
import { signedInPage, signInAs, SIGN_IN_TIMEOUT } from "./fixtures";

// The "mobile" project (playwright.config.ts): a 375 px phone with touch, in Chromium.

async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.content, `${page.url()}: no sideways scrolling`).toBeLessThanOrEqual(widths.viewport);
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

test("a resident pairs a blood-pressure monitor on the phone; readings sent with its token are charted with the flagged one marked; the county doctor sees the alert on the worklist and acknowledges it; revoking the device stops its uploads", async ({ page, browser, data, playwright, baseURL }) => {
  const doctor = await data.countyDoctor();
  const doctorPage = await signedInPage(browser, doctor.username);
  const resident = await data.resident(doctorPage);

  await signInAs(page, resident.account.username, resident.account.password);
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  await page.getByRole("navigation").getByRole("link", { name: "我的体征" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "我的体征" })).toBeVisible();
  await expect(page.getByText("近 30 天没有血压读数。")).toBeVisible();
  await page.getByRole("link", { name: "配对家庭设备" }).click();

  // Pair: the token is shown once, as text and as a QR code.
  await expect(page.getByRole("heading", { level: 1, name: "我的家庭设备" })).toBeVisible();
  await expect(page.getByText("还没有配对任何设备。")).toBeVisible();
  await page.getByRole("button", { name: "配对设备" }).click();
  await expect(page.getByText("请填写设备名称")).toBeVisible();
  await page.getByLabel("设备类型").selectOption("BLOOD_PRESSURE_MONITOR");
  await page.getByLabel("设备名称").fill("客厅血压计");
  const pair = page.getByRole("button", { name: "配对设备" });
  expect((await pair.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await pair.click();
  const token = (await page.getByTestId("device-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^rmpd_/);
  await expect(page.getByRole("img", { name: /“客厅血压计”的配对二维码/ })).toBeVisible();
  await expect(page.getByTestId("device-item")).toHaveCount(1);
  await expect(page.getByTestId("device-last-seen")).toHaveText("尚未上传读数");
  await expectNoSidewaysScroll(page);

  // The device uploads with its token alone: no cookie, no browser.
  const device = await playwright.request.newContext({ baseURL });
  const upload = await device.post("/api/v1/devices/readings", {
    headers: { authorization: `Bearer ${token}` },
    data: {
      readings: [
        { id: "m-1", kind: "BLOOD_PRESSURE", measuredAt: hoursAgo(50), value: 126, value2: 80, unit: "mmHg" },
        { id: "m-2", kind: "BLOOD_PRESSURE", measuredAt: hoursAgo(26), value: 131, value2: 83, unit: "mmHg" },
        { id: "m-3", kind: "BLOOD_PRESSURE", measuredAt: hoursAgo(2), value: 186, value2: 112, unit: "mmHg" },
        { id: "m-4", kind: "HEART_RATE", measuredAt: hoursAgo(2), value: 88, unit: "bpm" },
      ],
    },
  });
  expect(upload.status(), await upload.text()).toBe(200);
  expect(await upload.json()).toEqual({ received: 4, stored: 4, duplicates: 0, flagged: 1 });
  const resent = await device.post("/api/v1/devices/readings", { headers: { authorization: `Bearer ${token}` }, data: { readings: [{ id: "m-3", kind: "BLOOD_PRESSURE", measuredAt: hoursAgo(2), value: 186, value2: 112, unit: "mmHg" }] } });
  expect(await resent.json()).toMatchObject({ stored: 0, duplicates: 1 });

  // The chart: three readings, the flagged one marked, the same numbers in the table.
  await page.reload();
  await expect(page.getByTestId("device-last-seen")).toContainText("最近上传");
  await page.getByRole("link", { name: "查看体征趋势" }).click();
  const chart = page.getByTestId("vital-chart");
  await expect(chart).toHaveAttribute("data-kind", "BLOOD_PRESSURE");
  await expect(page.getByRole("img", { name: /血压趋势图，近 30 天 3 条读数（mmHg），1 条超出参考范围/ })).toBeVisible();
  await expect(chart.locator("[data-flagged=true]")).toHaveCount(1);
  await expect(page.getByTestId("vital-latest")).toContainText("186/112");
  await expect(page.getByTestId("vital-latest")).toContainText("危急偏高");
  const table = page.getByRole("table", { name: /血压读数（3 条，最新在前）/ });
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(table.getByRole("row").nth(1)).toContainText("186/112");
  await expect(table.getByRole("row").nth(1)).toContainText("危急偏高");
  await expect(table.getByRole("row").nth(2)).toContainText("正常");
  await expectNoSidewaysScroll(page);
  await page.getByTestId("vital-tab-HEART_RATE").click();
  await expect(page.getByTestId("vital-chart")).toHaveAttribute("data-kind", "HEART_RATE");
  await expect(page.getByTestId("vital-chart").locator("[data-flagged=true]")).toHaveCount(0);

  // The county doctor of the resident's hospital: told, and the alert is on the worklist.
  // The device was answered at once; the care team is told just behind it.
  await expect(async () => {
    await doctorPage.goto("/notifications");
    await expect(doctorPage.getByText(/危急：居民 .+ 的家庭监测读数达到危急值/)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await doctorPage.goto("/vitals");
  const group = doctorPage.getByTestId("worklist-resident").filter({ hasText: resident.name });
  await expect(group.getByTestId("worklist-alert")).toHaveCount(1);
  await expect(group.getByTestId("worklist-alert")).toContainText("186/112 mmHg");
  await expect(group.getByTestId("worklist-alert")).toContainText("危急偏高");
  await group.getByRole("button", { name: "确认", exact: true }).click();
  await group.getByLabel("处理记录（可选）").fill("已电话联系，嘱复测");
  await group.getByRole("button", { name: "确认预警" }).click();
  await expect(doctorPage.getByTestId("worklist-resident").filter({ hasText: resident.name })).toHaveCount(0);
  await doctorPage.getByRole("link", { name: "已确认" }).click();
  await expect(doctorPage.getByTestId("worklist-resident").filter({ hasText: resident.name })).toContainText("已电话联系，嘱复测");

  // Revoked: the next upload is refused at once.
  await page.goto("/my-record/devices");
  await page.getByRole("button", { name: "撤销" }).click();
  await expect(page.getByRole("dialog", { name: "撤销“客厅血压计”？" })).toBeVisible();
  await page.getByRole("button", { name: "确认撤销" }).click();
  await expect(page.getByTestId("device-last-seen")).toContainText("已于");
  const refused = await device.post("/api/v1/devices/readings", { headers: { authorization: `Bearer ${token}` }, data: { readings: [{ id: "m-5", kind: "BLOOD_PRESSURE", measuredAt: hoursAgo(0.1), value: 120, value2: 80, unit: "mmHg" }] } });
  expect(refused.status()).toBe(401);
  await device.dispose();
});

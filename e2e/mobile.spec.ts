import { expect, type Locator, type Page } from "@playwright/test";
import { randomInt, randomUUID } from "node:crypto";
import { PG_PORT } from "../playwright.config";
import { test, type TestData } from "./data";
import { e2eQuery, signInAs, SIGN_IN_TIMEOUT } from "./fixtures";

// The "mobile" project (playwright.config.ts): a 375 px phone with touch, in Chromium.

/** The page fits the phone's width, shows its heading and its main action as a 44 px tap target. */
async function expectPhoneReady(page: Page, heading: string | RegExp, action: Locator) {
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.content, `${page.url()}: no sideways scrolling`).toBeLessThanOrEqual(widths.viewport);
  await expect(action).toBeVisible();
  expect((await action.boundingBox())!.height, `${page.url()}: main action tap target`).toBeGreaterThanOrEqual(44);
}

async function signInNewPatient(data: TestData, page: Page, name: string): Promise<string> {
  const { username, password } = await data.patient(name);
  await signInAs(page, username, password);
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  return username;
}

test("sign-in fits 375 and 320 px in both languages, with 16 px inputs; before its script runs the button says it is loading and never sends the password in the address", async ({ page }) => {
  for (const locale of ["zh-CN", "en"]) {
    await page.context().addCookies([{ name: "locale", value: locale, url: `http://localhost:${PG_PORT}` }]);
    for (const width of [375, 320]) {
      await page.setViewportSize({ width, height: 812 });
      await page.goto("/signin");
      await expectPhoneReady(page, /^(登录|Sign in)$/, page.getByRole("button", { name: /^(登录|Sign in)$/ }));
      for (const input of await page.locator("input").all()) {
        expect(await input.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBeGreaterThanOrEqual(16);
      }
    }
  }

  // A weak network: the page is painted, its script has not arrived yet.
  await page.context().addCookies([{ name: "locale", value: "zh-CN", url: `http://localhost:${PG_PORT}` }]);
  await page.route("**/_next/static/**/*.js", (route) => route.abort());
  await page.goto("/signin");
  const submit = page.locator("button[type=submit]");
  await expect(submit).toHaveText("正在加载…");
  await expect(submit).toBeDisabled();
  await page.getByLabel("用户名").fill("patient");
  await page.getByLabel("密码").fill("Demo@2026");
  await page.getByLabel("密码").press("Enter");
  await expect(page).toHaveURL(/\/signin$/);
});

test("a new patient: home leads to the card, the card page to registration; a bad document number says what to fix; then the QR code is big, counts down and switches to the static code", async ({ page, data }) => {
  await signInNewPatient(data, page, "手机申领居民");
  await expectPhoneReady(page, "我的健康", page.getByTestId("home-show-card"));
  for (const link of await page.getByRole("navigation").getByRole("link").all()) {
    expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  }
  await page.getByTestId("home-show-card").click();

  await expect(page).toHaveURL(/\/card$/);
  const apply = page.getByRole("link", { name: "在线申领电子健康卡" });
  await expectPhoneReady(page, "我的电子健康卡", apply);
  await expect(page.getByRole("status")).toContainText("您还没有电子健康卡");
  await apply.click();

  await expect(page).toHaveURL(/\/register$/);
  const submit = page.getByRole("button", { name: "提交申领" });
  await expectPhoneReady(page, "在线申领电子健康卡", submit);
  await page.getByLabel("证件号码").fill("12345");
  await page.getByLabel("姓名").fill("林晓");
  await submit.click();
  await expect(page.locator("#register-error")).toContainText("应为 18 位");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  await page.getByLabel("证件类型").selectOption("03");
  await page.getByLabel("证件号码").fill(`E${randomInt(10_000_000, 99_999_999)}`);
  await submit.click();
  await expect(page.getByTestId("register-result")).toBeVisible();
  await page.getByRole("link", { name: "查看我的健康卡" }).click();

  await expect(page).toHaveURL(/\/card$/);
  const qr = page.getByTestId("qr-image");
  await expectPhoneReady(page, "我的电子健康卡", page.getByRole("button", { name: "立即刷新" }));
  await expect(qr).toBeVisible();
  const size = (await qr.boundingBox())!;
  expect(size.width).toBeGreaterThanOrEqual(240);
  expect(size.y + size.height, "the whole QR code is on the first screen").toBeLessThanOrEqual(812);
  await expect(page.getByTestId("qr-countdown")).toHaveText(/^\d+ 秒后自动刷新$/);
  const first = Number((await page.getByTestId("qr-countdown").textContent())!.match(/\d+/)![0]);
  await expect(page.getByTestId("qr-countdown")).not.toHaveText(`${first} 秒后自动刷新`);
  await expect(page.locator(".qr-card progress")).toBeVisible();

  const dynamicCode = await qr.getAttribute("data-code");
  await page.getByRole("button", { name: "立即刷新" }).click();
  await expect(qr).not.toHaveAttribute("data-code", dynamicCode!);
  await page.getByRole("radio", { name: "静态码" }).click();
  await expect(qr).toHaveAttribute("data-code", /:1$/);
  await expect(page.getByTestId("qr-countdown")).toHaveCount(0);
  // The card number under the code is masked: a screenshot of the page does not carry it.
  const cardId = dynamicCode!.slice(0, 64);
  await expect(page.getByTestId("card-id")).toHaveText(`${cardId.slice(0, 6)}****${cardId.slice(-4)}`);
  await expect(page.getByTestId("card-page")).not.toContainText(cardId);
});

test("advice: read it, tap “I have read this” (busy while on its way) and ask a question; notifications say what will appear; 404 and forbidden lead home", async ({ page, data }) => {
  const username = await signInNewPatient(data, page, "手机随访居民");
  const doctor = await data.countyDoctor();
  await e2eQuery(
    PG_PORT,
    `WITH r AS (
       INSERT INTO resident (id, master_index_id, name, user_id, updated_at)
       SELECT gen_random_uuid(), md5(random()::text) || md5(random()::text), display_name, id, now() FROM app_user WHERE username = $1
       RETURNING id),
     d AS (SELECT id, institution_id FROM app_user WHERE username = $2),
     c AS (
       INSERT INTO consultation (id, number, type, specialty, resident_id, requester_id, requesting_institution_id, status, updated_at)
       SELECT gen_random_uuid(), 'HZ-M' || substr(md5(random()::text), 1, 12), 'REMOTE_CONSULTATION', 'CARD', r.id, d.id, d.institution_id, 'COMPLETED', now() FROM r, d
       RETURNING id, resident_id, requester_id)
     INSERT INTO follow_up_advice (id, consultation_id, resident_id, author_id, body)
     SELECT gen_random_uuid(), id, resident_id, requester_id, '每天早晨服用一次氨氯地平 5 毫克，少吃盐，两周后复查血压。' FROM c`,
    [username, doctor.username],
  );

  await page.goto("/advice");
  const acknowledge = page.getByRole("button", { name: "我已阅读" });
  await expectPhoneReady(page, "我的随访建议", acknowledge);
  await expect(page.getByTestId("patient-advice")).toContainText("氨氯地平");
  // A slow network: the tap shows at once that it is on its way.
  await page.route("**/api/advice/*/acknowledge", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.continue();
  });
  await acknowledge.click();
  await expect(page.getByTestId("patient-advice").locator("button[aria-busy=true]")).toHaveText("正在提交…");
  await expect(page.getByTestId("acknowledged")).toBeVisible();
  const send = page.getByRole("button", { name: "发送问题" });
  expect((await send.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await page.getByLabel("有疑问？向医生提问").fill("饭前还是饭后吃？");
  await send.click();
  await expect(page.getByTestId("patient-advice")).toContainText("饭前还是饭后吃？");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  await page.goto("/notifications");
  await expectPhoneReady(page, "通知", page.getByTestId("notification-bell"));
  await expect(page.getByRole("status").filter({ hasText: "暂无通知" })).toContainText("会显示在这里");

  await page.goto("/no-such-page");
  await expectPhoneReady(page, "页面不存在", page.getByRole("link", { name: "返回工作台" }));
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/forbidden$/);
  await expectPhoneReady(page, "无权访问", page.getByRole("link", { name: "返回工作台" }));
});

test("who read my record: a new patient's access page fits 375 px, is empty at first, then lists the doctor who opened the record", async ({ page, browser, data }) => {
  const username = await signInNewPatient(data, page, "手机档案居民");
  const doctorAccount = await data.countyDoctor();
  const residentId = randomUUID();
  await e2eQuery(
    PG_PORT,
    `INSERT INTO resident (id, master_index_id, name, user_id, updated_at)
     SELECT $2::uuid, md5(random()::text) || md5(random()::text), display_name, id, now() FROM app_user WHERE username = $1`,
    [username, residentId],
  );

  await page.goto("/card/access");
  await expect(page.getByRole("heading", { level: 1, name: "谁查看了我的健康档案" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "还没有医护人员查看过您的档案" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  // The county doctor opens the patient's record in a browser of their own (the real, audited path).
  const doctorContext = await browser.newContext();
  const doctor = await doctorContext.newPage();
  await signInAs(doctor, doctorAccount.username);
  await expect(doctor).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  await doctor.goto(`/patients/${residentId}`);
  await expect(doctor.getByTestId("patient-detail")).toBeVisible();
  await doctorContext.close();

  await page.reload();
  const entry = page.getByTestId("record-access-entry").first();
  await expect(entry).toContainText("查看了您的健康档案");
  await expect(entry).toContainText(doctorAccount.displayName);
  await expect(entry).toContainText("县级医生");
  await expect(entry).toContainText("五华县人民医院");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});

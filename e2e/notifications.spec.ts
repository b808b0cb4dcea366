import { expect, type Page } from "@playwright/test";
import { PG_PORT } from "../playwright.config";
import { test, type Resident } from "./data";
import { e2eQuery, pageApi, signedInPage } from "./fixtures";

function bell(page: Page) {
  return page.getByTestId("notification-bell");
}

async function expectUnread(page: Page, count: number) {
  if (count === 0) {
    await expect(bell(page)).toHaveAccessibleName("通知，没有未读");
    await expect(page.getByTestId("notification-badge")).toHaveCount(0);
  } else {
    await expect(bell(page)).toHaveAccessibleName(`通知，${count} 条未读`);
    await expect(page.getByTestId("notification-badge")).toHaveText(String(count));
  }
}

/** A submitted request of the doctor's for the resident (neurology), made through the API: fresh data for this test only. */
async function submitRequest(doctor: Page, resident: Resident): Promise<{ id: string; number: string }> {
  const api = pageApi(doctor);
  const found = await api.get(`/api/consultations/patients?q=${resident.visitCard}`);
  expect(found.status()).toBe(200);
  expect(((await found.json()) as { id: string }[]).map((row) => row.id)).toEqual([resident.residentId]);
  const created = await api.post("/api/consultations", {
    data: { residentId: resident.residentId, type: "REMOTE_CONSULTATION", specialty: "NEUR", clinicalSummary: "女，68 岁，突发右侧肢体无力 3 小时。", question: "是否有溶栓指征？" },
  });
  expect(created.status()).toBe(200);
  const draft = (await created.json()) as { id: string; number: string; version: number };
  const consent = await api.post(`/api/consultations/${draft.id}/consent`, { data: { method: "ON_SCREEN_SIGNATURE", givenBy: resident.name, expectedVersion: draft.version } });
  expect(consent.status()).toBe(200);
  const submitted = await api.post(`/api/consultations/${draft.id}/submit`, { data: { expectedVersion: ((await consent.json()) as { version: number }).version } });
  expect(submitted.status()).toBe(200);
  return { id: draft.id, number: draft.number };
}

test("the top bar's bell rises live when the coordinator assigns the doctor's request, in every tab, and falls when it is read", async ({ browser, data }) => {
  test.setTimeout(120_000);
  // A doctor, coordinator and neurologist of this test's own: nobody else notifies them.
  const [doctorAccount, coordinatorAccount, neurologist] = await Promise.all([data.countyDoctor("ZJXPH"), data.coordinator(), data.specialist("NEUR")]);
  const [doctor, coordinator] = await Promise.all([signedInPage(browser, doctorAccount.username), signedInPage(browser, coordinatorAccount.username)]);
  const { id, number } = await submitRequest(doctor, await data.resident(doctor));

  await doctor.goto("/consultations");
  const otherTab = await doctor.context().newPage();
  await otherTab.goto("/home");
  for (const tab of [doctor, otherTab]) await expectUnread(tab, 0);

  // The coordinator assigns the expert; the doctor's tabs are not reloaded.
  await coordinator.goto(`/consultations/${id}`);
  await coordinator.getByRole("button", { name: `指派给 ${neurologist.displayName}` }).click();
  await expect(coordinator.getByTestId("consultation-status")).toHaveText("已指派专家");
  for (const tab of [doctor, otherTab]) await expectUnread(tab, 1);
  await expect(doctor.getByTestId("notification-announcement")).toHaveText(`新通知：会诊 ${number} 已指派专家（${coordinatorAccount.displayName}）。`);

  // Opening the notification center from the bell and reading the notification brings every tab back to 0.
  await bell(doctor).click();
  await expect(doctor).toHaveURL(/\/notifications$/);
  await expect(bell(doctor)).toHaveAttribute("aria-current", "page");
  const item = doctor.getByTestId("notifications").getByRole("listitem").filter({ hasText: number });
  await item.getByRole("button", { name: "标为已读" }).click();
  await expect(item).toContainText("已读");
  for (const tab of [doctor, otherTab]) await expectUnread(tab, 0);

  // The count rendered by the server agrees after a reload.
  await otherTab.reload();
  await expectUnread(otherTab, 0);
});

test("on a 375 px phone the bell shows 99+ for 120 unread, says the exact count, and the top bar does not overflow, in Chinese and English", async ({ browser, data }) => {
  test.setTimeout(90_000);
  const { username } = await data.patient("移动端测试居民");
  const inserted = await e2eQuery(
    PG_PORT,
    `INSERT INTO notification (id, user_id, kind, params, created_at)
     SELECT gen_random_uuid(), u.id, 'advice.answered', '{"doctor": "王建国"}', now() FROM app_user u, generate_series(1, 120) WHERE u.username = $1`,
    [username],
  );
  expect(inserted).toBe(120);

  const phone = { viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true };
  const patient = await signedInPage(browser, username, phone);
  const doctor = await signedInPage(browser, (await data.countyDoctor()).username, phone);
  await expect(bell(patient)).toHaveAccessibleName("通知，120 条未读");
  await expect(patient.getByTestId("notification-badge")).toHaveText("99+");
  // The badge's background holds all of "99+" and stops short of the name beside the bell.
  const badge = await patient.getByTestId("notification-badge").evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth, right: element.getBoundingClientRect().right }));
  expect(badge.scroll).toBeLessThanOrEqual(badge.client);
  expect(badge.right).toBeLessThan((await patient.getByTestId("signed-in-as").boundingBox())!.x);

  for (const page of [patient, doctor]) {
    for (const locale of ["zh-CN", "en"]) {
      await page.context().addCookies([{ name: "locale", value: locale, url: `http://localhost:${PG_PORT}` }]);
      await page.goto("/home");
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      const widths = await page.evaluate(() => {
        const topbar = document.querySelector(".topbar")!;
        return { page: document.documentElement.scrollWidth, topbar: topbar.scrollWidth, topbarVisible: topbar.clientWidth };
      });
      expect(widths.page, `${locale}: page width`).toBeLessThanOrEqual(375);
      expect(widths.topbar, `${locale}: top bar content`).toBeLessThanOrEqual(widths.topbarVisible);
      const box = await bell(page).boundingBox();
      expect(box, `${locale}: the bell is on screen`).not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
      expect(box!.width).toBeGreaterThanOrEqual(44);
    }
  }
  await expect(bell(patient)).toHaveAccessibleName("Notifications, 120 unread");
});

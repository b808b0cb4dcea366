import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { PG_PORT } from "../playwright.config";
import { test } from "./data";
import { e2eQuery, signedInPage } from "./fixtures";

// The "mobile" project (playwright.config.ts): a 375 px phone. The shared record (issue 11): the
// resident grants a clinician access, the clinician reads, the resident sees the reads grouped in
// "who read my record", revokes, and the clinician's next read is refused at once.

const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } as const;

async function noSidewaysScrolling(page: Page) {
  const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.content, `${page.url()}: no sideways scrolling`).toBeLessThanOrEqual(widths.viewport);
}

test("consent on a phone: grant to a clinician, the clinician reads, the reads are one line with a count, revoke, the next read is refused", async ({ browser, data }) => {
  test.setTimeout(180_000);
  const doctor = await data.countyDoctor();
  const specialist = await data.specialist(null);
  const doctorPage = await signedInPage(browser, doctor.username);
  const resident = await data.resident(doctorPage);
  await doctorPage.context().close();
  // What the county hospital sent: one entry of the health summary (the FHIR ingest writes these).
  await e2eQuery(
    PG_PORT,
    `INSERT INTO record_entry (id, resident_id, category, resource_type, source_institution_id, source_id, author, title, status, effective_at, resource, content_hash, updated_at)
     VALUES (gen_random_uuid(), $1, 'SUMMARY', 'AllergyIntolerance', (SELECT id FROM institution WHERE code = 'WHXPH'), $2, '李医生', '青霉素过敏', 'active', now(), '{}'::jsonb, $3, now())`,
    [resident.residentId, `e2e-${randomBytes(4).toString("hex")}`, randomBytes(32).toString("hex")],
  );

  // The specialist has no relationship with the resident: the record is "not found".
  const clinician = await signedInPage(browser, specialist.username, PHONE);
  const recordUrl = `/patients/${resident.residentId}/record`;
  const denied = await clinician.goto(recordUrl);
  expect(denied?.status()).toBe(404);
  await expect(clinician.getByRole("heading", { level: 1, name: "无法查看该档案" })).toBeVisible();
  await expect(clinician.getByText("青霉素过敏")).toHaveCount(0);

  // The resident grants the specialist access to the whole record, on the phone.
  const patient = await signedInPage(browser, resident.account.username, PHONE);
  await patient.goto("/my-record");
  await expect(patient.getByRole("heading", { level: 1, name: "我的健康档案" })).toBeVisible();
  await expect(patient.getByTestId("record-entry").filter({ hasText: "青霉素过敏" })).toContainText("李医生");
  await noSidewaysScrolling(patient);
  await patient.getByTestId("my-record-consents").click();
  await expect(patient.getByRole("heading", { level: 1, name: "档案授权" })).toBeVisible();
  await patient.getByLabel("或输入医生的用户名").fill(specialist.username);
  await patient.getByLabel("用途").fill("转诊复查");
  await patient.getByRole("button", { name: "授权", exact: true }).click();
  await expect(patient.getByText("已授权。")).toBeVisible();
  const consent = patient.getByTestId("consent").filter({ hasText: specialist.displayName });
  await expect(consent).toHaveAttribute("data-status", "ACTIVE");
  await expect(consent).toContainText("全部档案");
  await noSidewaysScrolling(patient);

  // The specialist reads the record three times (the page, and twice again).
  for (let i = 0; i < 3; i++) {
    const response = await clinician.goto(recordUrl);
    expect(response?.status()).toBe(200);
    await expect(clinician.getByRole("heading", { level: 1, name: `${resident.name} 的共享健康档案` })).toBeVisible();
    await expect(clinician.getByTestId("record-ground")).toContainText("居民授权您查阅");
    await expect(clinician.getByTestId("record-entry").filter({ hasText: "青霉素过敏" })).toContainText("五华县人民医院");
  }
  await noSidewaysScrolling(clinician);

  // "Who read my record": the three reads are one line with a count.
  await patient.goto("/card/access");
  const line = patient.getByTestId("record-access-entry").filter({ hasText: specialist.displayName });
  await expect(line).toHaveCount(1);
  await expect(line.getByTestId("record-access-count")).toHaveText("3 次");
  await expect(line).toContainText("查阅了您的共享健康档案");
  await noSidewaysScrolling(patient);

  // Revoke, with a confirmation; it takes effect at once.
  await patient.goto("/my-record/consents");
  await consent.getByTestId("revoke-consent").click();
  const dialog = patient.getByRole("dialog", { name: new RegExp(`^撤销对 ${specialist.displayName} · .+ 的授权？$`) });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "确认撤销" }).click();
  await expect(consent).toHaveAttribute("data-status", "REVOKED");

  const after = await clinician.goto(recordUrl);
  expect(after?.status()).toBe(404);
  await expect(clinician.getByRole("heading", { level: 1, name: "无法查看该档案" })).toBeVisible();
  await expect(clinician.getByText("青霉素过敏")).toHaveCount(0);
});

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

test("emergency access on a phone: found by the document number, a reason and a confirmation; the resident sees it marked; the clinician's institution admin reviews it", async ({ browser, data }) => {
  test.setTimeout(180_000);
  const doctor = await data.countyDoctor();
  const specialist = await data.specialist(null);
  const admin = await data.institutionAdmin("GDPH");
  const doctorPage = await signedInPage(browser, doctor.username);
  const resident = await data.resident(doctorPage);
  await doctorPage.context().close();

  const clinician = await signedInPage(browser, specialist.username, PHONE);
  await clinician.goto("/record/emergency");
  await expect(clinician.getByRole("heading", { level: 1, name: "紧急调阅" })).toBeVisible();
  // A name is not an exact identifier.
  await clinician.getByLabel("患者的证件号码、健康卡号或健康码").fill(resident.name);
  await clinician.getByRole("button", { name: "核对身份" }).click();
  await expect(clinician.getByTestId("emergency-error")).toContainText("没有找到");
  await clinician.getByLabel("患者的证件号码、健康卡号或健康码").fill(resident.docNumber);
  await clinician.getByRole("button", { name: "核对身份" }).click();
  await expect(clinician.getByTestId("emergency-found")).toContainText(resident.name);
  // Too short a reason is said before anything is sent.
  await clinician.getByLabel(/调阅原因/).fill("急诊");
  await clinician.getByRole("button", { name: "发起紧急调阅" }).click();
  await expect(clinician.getByTestId("emergency-error")).toContainText("至少 10 个字");
  const reason = `患者昏迷送入急诊，需要查看过敏史和用药（${Date.now().toString(36)}）`;
  await clinician.getByLabel(/调阅原因/).fill(reason);
  await clinician.getByRole("button", { name: "发起紧急调阅" }).click();
  const dialog = clinician.getByRole("dialog", { name: "确认发起紧急调阅？" });
  await expect(dialog).toContainText("4 小时");
  await dialog.getByRole("button", { name: "我确认属于紧急情况" }).click();
  await expect(clinician).toHaveURL(new RegExp(`/patients/${resident.residentId}/record$`));
  await expect(clinician.getByTestId("record-ground")).toContainText("紧急调阅中");
  await noSidewaysScrolling(clinician);

  const patient = await signedInPage(browser, resident.account.username, PHONE);
  await patient.goto("/card/access");
  const line = patient.getByTestId("record-access-entry").filter({ hasText: specialist.displayName });
  await expect(line.getByTestId("record-access-emergency")).toHaveText("紧急调阅");
  await expect(line).toContainText("紧急调阅了您的档案");
  await patient.goto("/my-record/emergency");
  const shown = patient.getByTestId("emergency-access");
  await expect(shown).toContainText(reason);
  await expect(shown).toContainText("待审核");

  const reviewer = await signedInPage(browser, admin.username, PHONE);
  await reviewer.goto("/record/emergency/review");
  const pending = reviewer.getByTestId("emergency-access").filter({ hasText: reason });
  await pending.getByLabel("不合理").check();
  await pending.getByLabel("审核说明（可选）").fill("患者家属在场，可以取得授权");
  await pending.getByRole("button", { name: "提交审核" }).click();
  await expect(reviewer.getByTestId("emergency-access").filter({ hasText: reason })).toContainText("审核：不合理");
  await noSidewaysScrolling(reviewer);

  await patient.reload();
  await expect(patient.getByTestId("emergency-access")).toContainText("审核：不合理");
});

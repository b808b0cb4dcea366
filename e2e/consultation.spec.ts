import { expect, type Browser, type Page } from "@playwright/test";
import { PG_PORT } from "../playwright.config";
import { samplePdf } from "../test/files";
import { setWeeklyCalendar, test } from "./data";
import { e2eQuery, pageApi, SIGN_IN_TIMEOUT, signInAs } from "./fixtures";

/** "YYYY-MM-DDTHH:MM" in Asia/Shanghai, for datetime-local inputs. */
function shanghaiLocal(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

async function asUser(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, username);
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  return page;
}

async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 30_000) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout });
}

test("request with consent and attachment → triage → booking → reminder → signed opinion → advice acknowledged → question answered; tampering breaks the signature", async ({ browser, data }) => {
  test.setTimeout(180_000);
  // This test's own people: a county doctor, a cardiologist with a weekly calendar, and a resident
  // with a card and a patient account, so the advice list and the expert's time are this run's alone.
  const [doctorAccount, coordinatorAccount, expertAccount] = await Promise.all([data.countyDoctor(), data.coordinator(), data.specialist("CARD")]);
  const [doctor, coordinator, expert] = await Promise.all([asUser(browser, doctorAccount.username), asUser(browser, coordinatorAccount.username), asUser(browser, expertAccount.username)]);
  await setWeeklyCalendar(expert);
  const resident = await data.resident(doctor);
  const patient = await asUser(browser, resident.account.username);

  // County doctor: a draft for the patient found by their visit-card number.
  await doctor.goto("/consultations/new");
  await doctor.getByLabel(/查找患者/).fill(resident.visitCard);
  await doctor.getByRole("button", { name: "查找", exact: true }).click();
  await doctor.getByRole("button", { name: new RegExp(resident.name) }).click();
  await expect(doctor.getByTestId("picked-patient")).toContainText(resident.name);
  // A clinical history over its limit is kept whole, counted and refused before sending, never cut.
  const summary = doctor.getByLabel("病情摘要");
  await expect(doctor.getByTestId("clinicalSummary-count")).toHaveText("0 / 8,000 字");
  await summary.fill("既往史：".repeat(7500));
  await expect(summary).toHaveValue("既往史：".repeat(7500));
  await expect(doctor.getByTestId("clinicalSummary-count")).toHaveText("30,000 / 8,000 字");
  await expect(doctor.getByTestId("clinicalSummary-count")).toHaveAttribute("aria-live", "polite");
  await expect(summary).toHaveAttribute("aria-invalid", "true");
  await expect(summary).toHaveAccessibleDescription(/30,000 \/ 8,000 字.*超出 22,000 字：最多 8,000 字/);
  await doctor.getByRole("button", { name: "保存草稿" }).click();
  await expect(doctor.getByRole("alert").filter({ hasText: "有文字超出字数上限" })).toBeVisible();
  await expect(doctor).toHaveURL(/\/consultations\/new$/);
  const history = "男，61 岁，反复胸闷 2 周，活动后加重；心电图 V1-V4 导联 ST 段压低 0.1 mV。";
  await summary.fill(history);
  await expect(doctor.getByTestId("clinicalSummary-count")).toHaveText(`${history.length} / 8,000 字`);
  await expect(summary).not.toHaveAttribute("aria-invalid", "true");
  await doctor.getByLabel("咨询问题").fill("是否需要冠脉造影？目前用药是否合适？");
  await doctor.getByRole("radio", { name: "加急" }).check();
  await doctor.getByRole("button", { name: "保存草稿" }).click();
  await expect(doctor).toHaveURL(/\/consultations\/[0-9a-f-]{36}$/);
  const consultationUrl = new URL(doctor.url()).pathname;
  const consultationId = consultationUrl.split("/").pop()!;
  const number = (await doctor.getByRole("heading", { level: 1 }).textContent())!.replace("会诊 ", "").trim();

  // The draft can be edited before submission.
  await doctor.getByRole("link", { name: "编辑草稿" }).click();
  await doctor.getByLabel("咨询问题").fill("是否需要冠脉造影？目前双抗用药是否合适？");
  await doctor.getByRole("button", { name: "保存草稿" }).click();
  await expect(doctor).toHaveURL(new RegExp(`${consultationUrl}$`));
  await expect(doctor.getByText("目前双抗用药是否合适？")).toBeVisible();

  // No submission without consent.
  await doctor.getByRole("button", { name: "提交会诊申请" }).click();
  await expect(doctor.getByRole("alert").filter({ hasText: "提交前必须先记录患者知情同意" })).toBeVisible();
  await doctor.getByLabel(/同意人姓名/).fill(resident.name);
  await doctor.getByLabel(/已向患者说明/).check();
  await doctor.getByRole("button", { name: "记录知情同意" }).click();
  await expect(doctor.getByTestId("consent-recorded")).toBeVisible();

  // Attachments: a text file is refused with a message, a PDF is accepted.
  const upload = doctor.getByLabel("上传检查资料");
  await upload.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a medical file") });
  await expect(doctor.getByRole("alert").filter({ hasText: "只支持 PDF / JPEG / PNG / DICOM" })).toBeVisible();
  // A PDF header in front of a web page is refused, saying what the file really is.
  await upload.setInputFiles({ name: "检验单.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n") });
  await expect(doctor.getByRole("alert").filter({ hasText: "实际上是 HTML" })).toBeVisible();
  // A right-to-left override in the name is removed: it cannot show "…fdp.jpg".
  await upload.setInputFiles({ name: "心电图报告\u202Egpj.pdf", mimeType: "application/pdf", buffer: samplePdf() });
  await expect(doctor.getByTestId("attachments")).toContainText("心电图报告gpj.pdf");
  await expect(doctor.getByTestId("attachments")).not.toContainText("\u202E");
  await doctor.getByRole("button", { name: "提交会诊申请" }).click();
  await expect(doctor.getByTestId("consultation-status")).toHaveText("待分诊");

  // Expert: extra clinic hours starting within two hours (so the 24-hour reminder is due at once).
  const from = new Date(Math.ceil((Date.now() + 30 * 60_000) / 3_600_000) * 3_600_000);
  await expert.goto("/availability");
  await expert.getByLabel("类型").selectOption("EXTRA");
  await expert.getByLabel("从", { exact: true }).fill(shanghaiLocal(from));
  await expert.getByLabel("到", { exact: true }).fill(shanghaiLocal(new Date(from.getTime() + 3 * 3_600_000)));
  await expert.getByRole("button", { name: "添加例外" }).click();
  await expect(expert.getByText("已添加。")).toBeVisible();

  // Coordinator: the request is in the queue; assign the suggested cardiologist and book the first free time.
  await coordinator.goto("/triage");
  await coordinator.getByTestId("triage-queue").getByRole("link", { name: number }).click();
  await coordinator.getByRole("button", { name: `指派给 ${expertAccount.displayName}` }).click();
  await expect(coordinator.getByTestId("consultation-status")).toHaveText("已指派专家");
  await coordinator.getByTestId("slot-list").getByRole("button").first().click();
  await coordinator.getByRole("button", { name: /^确认预约/ }).click();
  await expect(coordinator.getByTestId("consultation-status")).toHaveText("已预约");
  await expect(coordinator.getByRole("link", { name: "进入视频会诊" })).toHaveAttribute("href", `/consultations/${consultationId}/video`);
  // The expert's "join video" opens the consultation's room on its pre-join check.
  await expert.goto(`/consultations/${consultationId}`);
  await expert.getByRole("link", { name: "进入视频会诊" }).click();
  await expect(expert).toHaveURL(/\/video\/[0-9a-f-]{36}$/);
  await expect(expert.getByTestId("join-button")).toBeVisible();

  // Reminders (候诊提醒) reach the county doctor and the patient from the job queue.
  await doctor.goto("/notifications");
  await reloadUntil(doctor, () => expect(doctor.getByTestId("notifications")).toContainText(`候诊提醒：会诊 ${number}`, { timeout: 1000 }));
  await patient.goto("/notifications");
  await reloadUntil(patient, () => expect(patient.getByTestId("notifications")).toContainText(`候诊提醒：会诊 ${number}`, { timeout: 1000 }));
  await expect(patient.getByTestId("unread-count")).not.toHaveText("未读 0 条");

  // Expert: session, then the structured opinion, signed.
  await expert.goto(consultationUrl);
  // Both ask first (the end closes the call for everyone).
  await expert.getByRole("button", { name: "开始会诊" }).click();
  await expert.getByRole("dialog", { name: "开始会诊？" }).getByRole("button", { name: "开始会诊" }).click();
  await expect(expert.getByTestId("consultation-status")).toHaveText("会诊中");
  await expert.getByRole("button", { name: "结束会诊" }).click();
  await expert.getByRole("dialog", { name: "结束会诊？" }).getByRole("button", { name: "结束会诊" }).click();
  await expect(expert.getByTestId("consultation-status")).toHaveText("待出具意见");
  await expert.getByLabel("检查所见").fill("心电图示 V1-V4 导联 ST 段压低，肌钙蛋白阴性。");
  // Every limited text of the opinion and advice forms has the same counter.
  await expect(expert.getByTestId("op-findings-count")).toHaveText("28 / 8,000 字");
  await expect(expert.getByTestId("op-impression-count")).toHaveText("0 / 4,000 字");
  await expert.getByLabel("印象 / 诊断").fill("不稳定型心绞痛可能性大");
  await expert.getByLabel("处理建议").fill("加用阿司匹林及他汀；一周内择期冠脉造影。");
  await expert.getByLabel("转诊意见").selectOption("REFER_TO_PROVINCIAL");
  await expert.getByRole("button", { name: "签署会诊意见" }).click();
  await expert.getByRole("dialog").getByRole("button", { name: "签署", exact: true }).click();
  await expect(expert.getByTestId("consultation-status")).toHaveText("已完成");
  await expect(expert.getByTestId("verify-v1")).toHaveText("签名验证通过");
  await expert.getByLabel(/给患者的随访建议/).fill("请按时服用阿司匹林和他汀，清淡低盐饮食，避免剧烈活动。一周内到省人民医院做冠脉造影。");
  await expert.getByRole("button", { name: "发布给患者" }).click();
  await expect(expert.getByText("已发布给患者。")).toBeVisible();

  // County doctor sees the signed opinion at once, with a print view carrying the signature.
  await doctor.goto(consultationUrl);
  await expect(doctor.getByTestId("verify-v1")).toHaveText("签名验证通过");
  await doctor.goto(`${consultationUrl}/print`);
  await expect(doctor.getByRole("heading", { level: 1 })).toHaveText("远程会诊意见书");
  await expect(doctor.getByText("SM2-with-SM3")).toBeVisible();

  // Patient reads, acknowledges and asks.
  await patient.goto("/advice");
  await expect(patient.getByTestId("patient-advice")).toContainText("冠脉造影");
  await patient.getByRole("button", { name: "我已阅读" }).click();
  await expect(patient.getByTestId("acknowledged")).toBeVisible();
  await patient.getByLabel("有疑问？向医生提问").fill("造影前需要停药吗？");
  await expect(patient.getByText("9 / 2,000 字")).toBeVisible();
  await patient.getByRole("button", { name: "发送问题" }).click();
  await expect(patient.getByText("问题已发送")).toBeVisible();

  // County doctor answers; the patient sees the answer.
  await doctor.goto(consultationUrl);
  await expect(doctor.getByTestId("advice-question")).toContainText("造影前需要停药吗？");
  await doctor.getByLabel("您的回答").fill("阿司匹林不用停，其余药物按省医院通知调整。");
  await doctor.getByRole("button", { name: "回答", exact: true }).click();
  await expect(doctor.getByTestId("advice-question")).toContainText("阿司匹林不用停");
  await patient.reload();
  await expect(patient.getByTestId("answer")).toContainText("阿司匹林不用停");

  // The signature verifies through the API; changing the stored text breaks it.
  const before = await doctor.request.get(`/api/consultations/${consultationId}/opinion`);
  expect((await before.json())[0].verification).toMatchObject({ valid: true, keyMatchesSigner: true });
  expect(await e2eQuery(PG_PORT, "UPDATE consultation_opinion SET impression = impression || '（已排除）' WHERE consultation_id = $1", [consultationId])).toBe(1);
  const after = await doctor.request.get(`/api/consultations/${consultationId}/opinion`);
  expect((await after.json())[0].verification.valid).toBe(false);
  await doctor.goto(consultationUrl);
  await expect(doctor.getByTestId("verify-v1")).toHaveText("签名验证失败：内容可能被篡改");
});

test("bad input to the consultation APIs gets a 4xx with a message, never a 500", async ({ browser, data }) => {
  const doctor = await asUser(browser, (await data.countyDoctor()).username);
  const api = pageApi(doctor);
  const notJson = await api.post("/api/consultations", { headers: { "content-type": "application/json" }, data: "{" });
  expect(notJson.status()).toBe(400);
  const missing = await api.post("/api/consultations", { data: { type: "REFERRAL" } });
  expect(missing.status()).toBe(400);
  expect((await missing.json()).error.message).toBeTruthy();
  const badId = await api.get("/api/consultations/not-a-uuid");
  expect(badId.status()).toBe(404);
  const unknown = await api.post("/api/consultations/00000000-0000-4000-8000-000000000000/submit", { data: {} });
  expect(unknown.status()).toBe(404);
  const forbidden = await api.get("/api/consultations/queue");
  expect(forbidden.status()).toBe(403);
  const badQuery = await api.get("/api/consultations?status=NOPE");
  expect(badQuery.status()).toBe(400);
  const anonymous = await (await browser.newContext()).request.get(`http://localhost:${PG_PORT}/api/notifications`);
  expect(anonymous.status()).toBe(401);
});

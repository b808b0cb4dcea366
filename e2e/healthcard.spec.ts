import { randomInt } from "node:crypto";
import { expect, test, type Browser } from "@playwright/test";
import iconv from "iconv-lite";
import { PG_PORT } from "../playwright.config";
import { createPatientAccount, signInAs, SIGN_IN_TIMEOUT } from "./fixtures";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function residentId(): string {
  const first17 = `441424${1950 + randomInt(0, 50)}0${randomInt(1, 10)}1${randomInt(0, 10)}${String(randomInt(1, 999)).padStart(3, "0")}`;
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * (WEIGHTS[i] as number), 0);
  return first17 + "10X98765432"[sum % 11];
}

async function signedInPage(browser: Browser, username: string, password?: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, username, password);
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  return page;
}

test("window issue → patient sees the QR → terminal accepts it once → doctor finds the patient by visit card", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await signedInPage(browser, "inst.admin");
  await admin.goto("/admin/terminals");
  const station = `E2E${randomInt(1000, 9999)}`;
  await admin.getByLabel("终端编号").fill(`IM-${station}`);
  await admin.getByLabel("终端名称").fill("内科挂号窗口");
  await admin.getByRole("button", { name: "生成终端令牌" }).click();
  const token = (await admin.getByTestId("terminal-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^ehct_/);
  const terminalId = `WHXPH-IM-${station}`;

  const patientAccount = await createPatientAccount(PG_PORT, "赵丽");
  const visitCard = `WHE2E${randomInt(100000, 999999)}`;
  const doctor = await signedInPage(browser, "county.doctor");
  await doctor.goto("/patients/new");
  await doctor.getByLabel("证件号码").fill(residentId().toLowerCase());
  await doctor.getByLabel("姓名").fill("赵丽");
  await doctor.getByLabel("手机号码（选填）").fill("13912345678");
  await doctor.getByLabel("本院就诊卡号（选填）").fill(visitCard);
  await doctor.getByLabel("居民账号用户名（选填）").fill(patientAccount.username);
  await doctor.getByRole("button", { name: "办理健康卡" }).click();
  await expect(doctor.getByTestId("issue-result")).toContainText("健康卡已办理");

  const patient = await signedInPage(browser, patientAccount.username, patientAccount.password);
  await patient.goto("/card");
  const qr = patient.getByTestId("qr-image");
  await expect(qr).toBeVisible();
  await expect(patient.getByTestId("qr-countdown")).toContainText("秒后自动刷新");
  const code = (await qr.getAttribute("data-code")) ?? "";
  expect(code).toMatch(/^[0-9A-F]{64}:0:[0-9A-F]{32}$/);

  const verify = () =>
    patient.request.post("/api/v1/health-card/verify", { headers: { authorization: `Bearer ${token}` }, data: { code, terminalId, step: "registration" } });
  const first = await verify();
  expect(first.status()).toBe(200);
  expect(await first.json()).toMatchObject({ cardId: code.slice(0, 64), codeKind: "dynamic", resident: { name: "赵*" } });
  const second = await verify();
  expect(second.status()).toBe(422);
  expect((await second.json()).error.code).toBe("QR_REPLAYED");
  const anonymous = await patient.request.post("/api/v1/health-card/verify", { data: { code, terminalId, step: "registration" } });
  expect(anonymous.status()).toBe(401);

  await patient.getByRole("radio", { name: "静态码" }).click();
  await expect(qr).toHaveAttribute("data-code", `${code.slice(0, 64)}:1`);

  await doctor.goto("/patients");
  await doctor.getByLabel("查找内容").fill(visitCard.toLowerCase());
  await doctor.getByRole("button", { name: "查找", exact: true }).click();
  await doctor.getByTestId("patient-results").getByRole("link", { name: "赵丽" }).click();
  await expect(doctor.getByTestId("patient-detail")).toContainText("139****5678");
  await expect(doctor.getByTestId("identifiers")).toContainText(visitCard);
});

test("a GBK CSV import with bad rows: good rows become cards, bad rows are in the report", async ({ browser }) => {
  const admin = await signedInPage(browser, "inst.admin");
  const prefix = `GBK${randomInt(100000, 999999)}`;
  const good = residentId();
  const csv = ["就诊卡号,姓名,证件号码", `${prefix}1,陈小明,${good}`, `${prefix}2,林小红,${good.slice(0, 17)}${good[17] === "0" ? "1" : "0"}`, `,黄大力,${residentId()}`].join("\r\n");
  await admin.goto("/admin/import");
  await admin.getByLabel("选择文件").setInputFiles({ name: "旧就诊卡.csv", mimeType: "text/csv", buffer: iconv.encode(csv, "gbk") });
  await admin.getByRole("button", { name: "上传并导入" }).click();
  const job = admin.getByTestId("import-job").filter({ hasText: "旧就诊卡.csv" }).first();
  await expect(job).toHaveAttribute("data-status", "DONE", { timeout: 30_000 });
  await expect(job).toContainText("GB18030");
  await expect(job.getByTestId("import-summary")).toContainText("新开卡 1");
  await expect(job.getByTestId("import-summary")).toContainText("错误 2");
  const href = await job.getByRole("link", { name: "下载错误报告" }).getAttribute("href");
  const report = await (await admin.request.get(href ?? "")).text();
  expect(report).toContain("3,docNumber,居民身份证号码的校验位");
  expect(report).toContain("4,visitCard,缺少就诊卡号。");

  const doctor = await signedInPage(browser, "county.doctor");
  await doctor.goto("/patients");
  await doctor.getByLabel("查找内容").fill(`${prefix}1`);
  await doctor.getByRole("button", { name: "查找", exact: true }).click();
  await expect(doctor.getByTestId("patient-results")).toContainText("陈小明");
});

test("a demo patient finds their seeded card and a county doctor finds them by visit card", async ({ browser }) => {
  const doctor = await signedInPage(browser, "county.doctor");
  await doctor.goto("/patients");
  await doctor.getByLabel("查找内容").fill("WH20190001");
  await doctor.getByRole("button", { name: "查找", exact: true }).click();
  await expect(doctor.getByTestId("patient-results")).toContainText("张三");
});

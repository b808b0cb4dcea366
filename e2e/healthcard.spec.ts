import { randomInt } from "node:crypto";
import { expect, type Browser, type Page } from "@playwright/test";
import iconv from "iconv-lite";
import { test } from "./data";
import { pageApi, SIGN_IN_TIMEOUT, signInAs, withCheckCharacter } from "./fixtures";

function residentId(): string {
  return withCheckCharacter(`441424${1950 + randomInt(0, 50)}0${randomInt(1, 10)}1${randomInt(0, 10)}${String(randomInt(1, 999)).padStart(3, "0")}`);
}

async function signedInPage(browser: Browser, username: string, password?: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, username, password);
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  return page;
}

test("window issue → patient sees the QR → terminal accepts it once → doctor finds the patient by visit card", async ({ browser, data }) => {
  test.setTimeout(120_000);
  const admin = await signedInPage(browser, (await data.institutionAdmin()).username);
  await admin.goto("/admin/terminals");
  const station = `E2E${randomInt(1000, 9999)}`;
  await admin.getByLabel("终端编号").fill(`IM-${station}`);
  await admin.getByLabel("终端名称").fill("内科挂号窗口");
  await admin.getByRole("button", { name: "生成终端令牌" }).click();
  const token = (await admin.getByTestId("terminal-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^ehct_/);
  const terminalId = `WHXPH-IM-${station}`;

  const patientAccount = await data.patient("赵丽");
  const visitCard = `WHE2E${randomInt(100000, 999999)}`;
  const doctor = await signedInPage(browser, (await data.countyDoctor()).username);
  await doctor.goto("/patients/new");
  await doctor.getByLabel("证件号码").fill(residentId().toLowerCase());
  await doctor.getByLabel("姓名").fill("赵丽");
  await doctor.getByLabel("手机号码（选填）").fill("13912345678");
  await doctor.getByLabel("本院就诊卡号（选填）").fill(visitCard);
  await doctor.getByLabel("居民账号用户名（选填）").fill(patientAccount.username);
  await doctor.getByRole("button", { name: "办理健康卡" }).click();
  await expect(doctor.getByTestId("issue-result")).toContainText("健康卡已办理");
  // Card IDs are shown masked wherever a screenshot could carry them off: first 6 and last 4.
  const MASKED = /^[0-9A-F]{6}\*{4}[0-9A-F]{4}$/;
  await expect(doctor.getByTestId("issued-card-id")).toHaveText(MASKED);

  const patient = await signedInPage(browser, patientAccount.username, patientAccount.password);
  await patient.goto("/card");
  const qr = patient.getByTestId("qr-image");
  await expect(qr).toBeVisible();
  await expect(patient.getByTestId("qr-countdown")).toContainText("秒后自动刷新");
  const code = (await qr.getAttribute("data-code")) ?? "";
  expect(code).toMatch(/^[0-9A-F]{64}:0:[0-9A-F]{32}$/);
  const cardId = code.slice(0, 64);
  const maskedCardId = `${cardId.slice(0, 6)}****${cardId.slice(-4)}`;
  await expect(patient.getByTestId("card-id")).toHaveText(maskedCardId);
  await expect(patient.getByTestId("card-page")).not.toContainText(cardId);
  await expect(doctor.getByTestId("issued-card-id")).toHaveText(maskedCardId);

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
  // The static code identifies, but a step that opens records refuses it.
  const staticCode = `${cardId}:1`;
  const staticAtRegistration = await patient.request.post("/api/v1/health-card/verify", { headers: { authorization: `Bearer ${token}` }, data: { code: staticCode, terminalId, step: "registration" } });
  expect(staticAtRegistration.status()).toBe(422);
  expect((await staticAtRegistration.json()).error.code).toBe("QR_STATIC_NOT_ALLOWED");
  const staticToIdentify = await patient.request.post("/api/v1/health-card/verify", { headers: { authorization: `Bearer ${token}` }, data: { code: staticCode, terminalId, step: "identification" } });
  expect(staticToIdentify.status()).toBe(200);

  await doctor.goto("/patients");
  await doctor.getByLabel("查找内容").fill(visitCard.toLowerCase());
  await doctor.getByRole("button", { name: "查找", exact: true }).click();
  await doctor.getByTestId("patient-results").getByRole("link", { name: "赵丽" }).click();
  await expect(doctor.getByTestId("patient-detail")).toContainText("139****5678");
  await expect(doctor.getByTestId("identifiers")).toContainText(visitCard);
  await expect(doctor.getByTestId("patient-detail")).toContainText(maskedCardId);
  await expect(doctor.getByTestId("patient-detail")).not.toContainText(cardId);

  // Revoked after confirming, the terminal's token verifies nothing more.
  await admin.getByRole("row", { name: `IM-${station}` }).getByRole("button", { name: "吊销" }).click();
  const dialog = admin.getByRole("dialog");
  await expect(dialog).toContainText(`确认吊销终端 ${terminalId}（内科挂号窗口）？`);
  await dialog.getByRole("button", { name: "确认吊销" }).click();
  await expect(admin.getByRole("row", { name: `IM-${station}` })).toContainText("已吊销");
  expect((await verify()).status()).toBe(401);
});

test("a GBK CSV import with bad rows: good rows become cards, bad rows are in the report", async ({ browser, data }) => {
  const admin = await signedInPage(browser, (await data.institutionAdmin()).username);
  const prefix = `GBK${randomInt(100000, 999999)}`;
  // The institution's import list is shared: this test's file has a name of its own.
  const fileName = `旧就诊卡-${prefix}.csv`;
  const good = residentId();
  const csv = ["就诊卡号,姓名,证件号码", `${prefix}1,陈小明,${good}`, `${prefix}2,林小红,${good.slice(0, 17)}${good[17] === "0" ? "1" : "0"}`, `,黄大力,${residentId()}`].join("\r\n");
  await admin.goto("/admin/import");
  await admin.getByLabel("选择文件").setInputFiles({ name: fileName, mimeType: "text/csv", buffer: iconv.encode(csv, "gbk") });
  await admin.getByRole("button", { name: "上传并导入" }).click();
  const job = admin.getByTestId("import-job").filter({ hasText: fileName });
  await expect(job).toHaveCount(1);
  await expect(job).toHaveAttribute("data-status", "DONE", { timeout: 30_000 });
  await expect(job).toContainText("GB18030");
  await expect(job.getByTestId("import-summary")).toContainText("新开卡 1");
  await expect(job.getByTestId("import-summary")).toContainText("错误 2");
  const href = await job.getByRole("link", { name: "下载错误报告" }).getAttribute("href");
  const report = await (await admin.request.get(href ?? "")).text();
  expect(report).toContain("3,docNumber,居民身份证号码的校验位");
  expect(report).toContain("4,visitCard,缺少就诊卡号。");

  const doctor = await signedInPage(browser, (await data.countyDoctor()).username);
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

const NAME_CHARACTERS = "安柏春丹芳桂海华佳俊兰丽林梅敏宁平琴秋荣瑞书淑婷伟文霞祥欣秀雪燕莹玉云珍志";
/** A name no other test uses, so a name search finds exactly this test's records. */
function uniqueName(): string {
  return `合${Array.from({ length: 4 }, () => NAME_CHARACTERS[randomInt(0, NAME_CHARACTERS.length)]).join("")}`;
}

type Issued = { residentId: string; cardIdMasked: string };
async function issueAtWindow(page: Page, person: Record<string, string>): Promise<Issued> {
  const response = await pageApi(page).post("/api/patients", { data: person });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Issued;
}

/** One person registered twice: once by resident ID, once by passport, each with a visit card. */
async function duplicateRecords(page: Page) {
  const name = uniqueName();
  const keptVisit = `WHK${randomInt(100000, 999999)}`;
  const duplicateVisit = `WHD${randomInt(100000, 999999)}`;
  // A woman's resident ID (an even sequence digit) with the passport record's sex and birth date: no identity conflict.
  const birthDate = `${randomInt(1940, 2000)}-0${randomInt(1, 10)}-${randomInt(10, 29)}`;
  const keptId = withCheckCharacter(`441424${birthDate.replace(/-/g, "")}${String(randomInt(0, 100)).padStart(2, "0")}${2 * randomInt(0, 5)}`);
  const kept = await issueAtWindow(page, { docType: "01", docNumber: keptId, name, visitCardNumber: keptVisit });
  const duplicate = await issueAtWindow(page, { docType: "03", docNumber: `E${randomInt(10_000_000, 99_999_999)}`, name, sex: "female", birthDate, visitCardNumber: duplicateVisit });
  return { name, kept, duplicate, keptVisit, duplicateVisit, keptId, birthDate };
}

test("an admin finds the duplicate by name, checks both records side by side, confirms, and the kept record has the moved card", async ({ browser, data }) => {
  const admin = await signedInPage(browser, (await data.institutionAdmin()).username);
  const { name, kept, duplicate, keptVisit, duplicateVisit, keptId, birthDate } = await duplicateRecords(admin);
  await admin.goto(`/patients/${kept.residentId}`);
  const form = admin.getByTestId("merge-form");
  const search = form.getByLabel("查找重复记录");

  await search.fill(`${uniqueName()}无`);
  await form.getByRole("button", { name: "查找", exact: true }).click();
  await expect(form).toContainText("没有找到匹配的患者");

  await search.fill(name);
  await search.press("Enter");
  const candidates = form.getByTestId("merge-candidates");
  // Both records match the name; the one being viewed is left out.
  await expect(candidates.getByRole("radio")).toHaveCount(1);
  const candidate = candidates.getByRole("radio", { name: new RegExp(name) });
  await expect(candidates).toContainText(`女 · ${birthDate}`);
  await expect(candidates).toContainText("五华县人民医院发卡");
  await candidate.focus();
  await admin.keyboard.press("Space");
  await expect(candidate).toBeChecked();

  const preview = form.getByTestId("merge-preview");
  const identifiersRow = preview.getByRole("row", { name: /院内标识/ });
  await expect(identifiersRow.locator('[data-side="into"]')).toContainText(keptVisit);
  await expect(identifiersRow.locator('[data-side="from"]')).toContainText(duplicateVisit);
  await expect(preview.getByRole("row", { name: /证件类型/ }).locator('[data-side="from"]')).toHaveText("护照");
  await expect(preview.getByTestId("merge-effects")).toContainText("1 个院内标识转到本记录。");
  await expect(preview.getByTestId("merge-effects")).toContainText(`重复记录的健康卡 ${duplicate.cardIdMasked} 注销`);

  // No reason: a message under the form, and no confirmation yet.
  await preview.getByRole("button", { name: "合并…" }).click();
  await expect(preview.getByRole("alert")).toHaveText("请填写合并原因（4 至 500 个字符）。");
  await expect(admin.getByRole("dialog")).toBeHidden();

  await preview.getByLabel("合并原因").fill("同一人，护照与身份证分别建档");
  await preview.getByRole("button", { name: "合并…" }).click();
  const dialog = admin.getByRole("dialog", { name: "确认合并记录" });
  // Both records named apart: which is kept and which is merged in, each with its masked document and card.
  await expect(dialog.getByTestId("merge-confirm-records")).toContainText(`保留：${name}（证件号码 ${keptId.slice(0, 4)}`);
  await expect(dialog.getByTestId("merge-confirm-records")).toContainText(`健康卡 ${kept.cardIdMasked}`);
  await expect(dialog.getByTestId("merge-confirm-records")).toContainText(`并入后注销：${name}（证件号码 `);
  await expect(dialog.getByTestId("merge-confirm-records")).toContainText(`健康卡 ${duplicate.cardIdMasked}`);
  await dialog.getByRole("button", { name: "取消" }).click();
  await expect(dialog).toBeHidden();
  await preview.getByRole("button", { name: "合并…" }).click();
  await dialog.getByRole("button", { name: "确认合并" }).click();

  const done = form.getByTestId("merge-done");
  await expect(done).toContainText("记录已合并。");
  await done.getByRole("link", { name: "打开保留的记录" }).click();
  await expect(admin).toHaveURL(new RegExp(`/patients/${kept.residentId}$`));
  await expect(admin.getByTestId("identifiers")).toContainText(duplicateVisit);
  await expect(admin.getByTestId("identifiers")).toContainText(keptVisit);
  await expect(admin.getByTestId("patient-detail")).toContainText("同一人，护照与身份证分别建档");

  // The duplicate's old address and its visit card both lead to the kept record.
  await admin.goto(`/patients/${duplicate.residentId}`);
  await expect(admin.getByTestId("patient-detail")).toContainText("您打开的记录已合并到此记录。");
  await expect(admin.getByTestId("identifiers")).toContainText(duplicateVisit);
});

test("the merge API answers each bad request with a message a person understands", async ({ browser, data }) => {
  const admin = await signedInPage(browser, (await data.institutionAdmin()).username);
  const { kept, duplicate } = await duplicateRecords(admin);
  const merge = (data: Record<string, unknown>) => pageApi(admin).post("/api/patients/merge", { data });
  const preview = (into: string, from: string) => admin.request.get(`/api/patients/${into}/merge-preview?from=${from}`);
  const expectError = async (response: Awaited<ReturnType<typeof merge>>, status: number, message: string) => {
    expect(response.status()).toBe(status);
    expect((await response.json()).error.message).toBe(message);
  };
  const pair = { intoResidentId: kept.residentId, fromResidentId: duplicate.residentId };

  // A record merged into itself: 422.
  await expectError(await merge({ intoResidentId: kept.residentId, fromResidentId: kept.residentId, reason: "重复建档合并" }), 422, "不能把记录与自身合并。");
  await expectError(await preview(kept.residentId, kept.residentId), 422, "不能把记录与自身合并。");
  // No reason, or only blanks: 400 asking for one.
  await expectError(await merge(pair), 400, "请填写合并原因（4 至 500 个字符）。");
  await expectError(await merge({ ...pair, reason: "   " }), 400, "请填写合并原因（4 至 500 个字符）。");
  // A duplicate that is not a record id: 404 on the preview, 400 on the merge.
  await expectError(await preview(kept.residentId, "not-a-record"), 404, "没有找到该居民记录。");
  await expectError(await merge({ ...pair, fromResidentId: "not-a-record", reason: "重复建档合并" }), 400, "提交的内容有误，请检查标注的字段。");
  // A specialist may not merge: 403.
  const specialist = await signedInPage(browser, (await data.specialist(null)).username);
  const forbidden = await pageApi(specialist).post("/api/patients/merge", { data: { ...pair, reason: "重复建档合并" } });
  expect(forbidden.status()).toBe(403);

  const ok = await merge({ ...pair, reason: "重复建档合并" });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ intoResidentId: kept.residentId });
  // Already merged: 422, whether merged again or previewed.
  await expectError(await merge({ ...pair, reason: "再次合并" }), 422, "该记录已被合并，请打开合并后的记录。");
  await expectError(await preview(kept.residentId, duplicate.residentId), 422, "该记录已被合并，请打开合并后的记录。");
});

/**
 * Issue 13, findings 1 and 5, in Chromium. A merge of two people of one name (the 陈晓梅 case: a
 * woman born 1978 and a man born 1970, two valid resident IDs) is refused without an override, the
 * differing fields are marked in words, an institution admin's override merges them naming both
 * records, and an unmerge restores both with their consultations; the audit log then reads in
 * words and names (no raw keys, no ids), in one Beijing time format, filtered, and exports CSV.
 * axe-core finds no serious or critical violation on the pages touched.
 */
import { randomInt } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { PG_PORT } from "../playwright.config";
import { test, uniquePersonName, registerResident, maskedName } from "./data";
import { e2eRows, pageApi, signedInPage, withCheckCharacter } from "./fixtures";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** A valid resident ID of Wuhua county: born in `year`, a man (odd sequence digit) or a woman (even). */
function residentIdOf(year: number, sex: "male" | "female"): string {
  const birth = `${year}${String(randomInt(1, 13)).padStart(2, "0")}${String(randomInt(10, 29))}`;
  const sequence = `${String(randomInt(0, 100)).padStart(2, "0")}${2 * randomInt(0, 5) + (sex === "male" ? 1 : 0)}`;
  return withCheckCharacter(`441424${birth}${sequence}`);
}

async function expectNoSeriousAxeViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, `axe on ${label}`).toEqual([]);
}

async function issue(page: Page, person: Record<string, string>): Promise<{ residentId: string; cardIdMasked: string }> {
  const response = await pageApi(page).post("/api/patients", { data: person });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as { residentId: string; cardIdMasked: string };
}

test("two people of one name: refused without an override, differences marked, the admin's override merges, the unmerge restores both with their consultations", async ({ browser, data }) => {
  test.setTimeout(180_000);
  const adminAccount = await data.institutionAdmin();
  const admin = await signedInPage(browser, adminAccount.username);
  const doctor = await signedInPage(browser, (await data.countyDoctor()).username);
  const name = uniquePersonName("陈");
  const womanId = residentIdOf(1978, "female");
  const manId = residentIdOf(1970, "male");
  const woman = await issue(admin, { docType: "01", docNumber: womanId, name, visitCardNumber: `WHM${randomInt(100000, 999999)}` });
  const man = await issue(admin, { docType: "01", docNumber: manId, name, visitCardNumber: `WHM${randomInt(100000, 999999)}` });
  // The man has a consultation (a draft by a county doctor of the hospital).
  const draft = await pageApi(doctor).post("/api/consultations", { data: { residentId: man.residentId, type: "REMOTE_CONSULTATION", specialty: "CARD", clinicalSummary: "胸闷两周，活动后加重。" } });
  expect(draft.status(), await draft.text()).toBe(200);
  const consultationId = ((await draft.json()) as { id: string }).id;
  const residentOfConsultation = async () => (await e2eRows<{ resident_id: string }>(PG_PORT, "SELECT resident_id::text FROM consultation WHERE id = $1", [consultationId]))[0]?.resident_id;

  // The API refuses without an override, naming each field, for the admin and the doctor.
  for (const page of [admin, doctor]) {
    const refused = await pageApi(page).post("/api/patients/merge", { data: { intoResidentId: woman.residentId, fromResidentId: man.residentId, reason: "姓名相同，疑似重复建档" } });
    expect(refused.status()).toBe(409);
    const { error } = (await refused.json()) as { error: { code: string; message: string; details: { conflicts: string[] } } };
    expect(error.code).toBe("MERGE_IDENTITY_CONFLICT");
    expect(error.details.conflicts).toEqual(["docNumber", "sex", "birthDate"]);
    for (const field of ["证件号码", "性别", "出生日期"]) expect(error.message).toContain(field);
  }
  expect(await residentOfConsultation()).toBe(man.residentId);

  // The doctor's dialog: the conflict is shown and nothing can be submitted.
  await doctor.goto(`/patients/${woman.residentId}`);
  const doctorForm = doctor.getByTestId("merge-form");
  await doctorForm.getByLabel("查找重复记录").fill(name);
  await doctorForm.getByRole("button", { name: "查找", exact: true }).click();
  await doctorForm.getByTestId("merge-candidates").getByRole("radio").check();
  await expect(doctorForm.getByTestId("merge-conflict")).toContainText("合并已被阻止");
  await expect(doctorForm.getByRole("button", { name: "合并…" })).toHaveCount(0);

  // The admin's dialog: every differing field marked in words, both records named.
  await admin.goto(`/patients/${woman.residentId}`);
  await expectNoSeriousAxeViolations(admin, "the patient page");
  const form = admin.getByTestId("merge-form");
  await form.getByLabel("查找重复记录").fill(name);
  await form.getByRole("button", { name: "查找", exact: true }).click();
  await form.getByTestId("merge-candidates").getByRole("radio").check();
  const preview = form.getByTestId("merge-preview");
  await expect(preview.getByTestId("merge-conflict")).toContainText("身份信息不一致");
  await expect(preview.getByTestId("merge-conflict")).toContainText("证件号码、性别、出生日期");
  const compare = preview.getByTestId("merge-compare");
  const row = (label: string) => compare.locator("tbody tr").filter({ has: admin.locator('th[scope="row"]', { hasText: new RegExp(`^${label}`) }) });
  // The identity conflicts are marked in words, not by colour alone.
  await expect(compare.locator('tr[data-conflict="true"] th')).toHaveText(["性别 身份冲突", "出生日期 身份冲突", "证件号码 身份冲突"]);
  await expect(row("性别").locator('[data-side="into"]')).toHaveText("女");
  await expect(row("性别").locator('[data-side="from"]')).toHaveText("男");
  await expect(row("出生日期").locator('[data-side="from"]')).toContainText("1970-");
  await expect(row("出生日期").locator('[data-side="into"]')).toContainText("1978-");
  // The same name is not marked; the number of differing items is said in words.
  await expect(row("姓名").locator("th")).toHaveText("姓名");
  await expect(preview.getByTestId("merge-differences")).toContainText("项不一致");
  await expect(preview.getByTestId("merge-kept-heading")).toContainText(`${name}（证件号码 ${womanId.slice(0, 4)}`);
  await expect(preview.getByTestId("merge-kept-heading")).toContainText(woman.cardIdMasked);
  await expect(preview.getByTestId("merge-retired-heading")).toContainText(man.cardIdMasked);
  await expectNoSeriousAxeViolations(admin, "the merge preview");

  // An override needs its own reason.
  await preview.getByLabel("合并原因", { exact: true }).fill("姓名相同，疑似重复建档");
  await preview.getByRole("button", { name: "合并…" }).click();
  await expect(preview.getByRole("alert").last()).toHaveText("请填写强制合并原因（4 至 500 个字符），说明为何确认是同一个人。");
  await preview.getByLabel("强制合并原因").fill("已核对户口本，性别与出生日期为录入错误");
  await preview.getByRole("button", { name: "合并…" }).click();
  const dialog = admin.getByRole("dialog", { name: "确认合并记录" });
  const records = dialog.getByTestId("merge-confirm-records");
  await expect(records).toContainText(`保留：${name}（证件号码 ${womanId.slice(0, 4)}`);
  await expect(records).toContainText(`健康卡 ${woman.cardIdMasked}`);
  await expect(records).toContainText(`并入后注销：${name}（证件号码 ${manId.slice(0, 4)}`);
  await expect(records).toContainText(`健康卡 ${man.cardIdMasked}`);
  await expect(dialog).not.toContainText(`把“${name}”的重复记录并入“${name}”`);
  await expect(dialog).toContainText("您将以机构管理员身份强制合并");
  await expectNoSeriousAxeViolations(admin, "the merge confirmation");
  await dialog.getByRole("button", { name: "确认合并" }).click();
  await expect(form.getByTestId("merge-done")).toContainText("记录已合并。");
  expect(await residentOfConsultation()).toBe(woman.residentId);

  // The history shows the merge and the override; the unmerge asks for a reason and restores both.
  await admin.reload();
  const history = admin.getByTestId("merge-history");
  await expect(history).toContainText("姓名相同，疑似重复建档");
  await expect(history).toContainText("强制合并原因：已核对户口本，性别与出生日期为录入错误");
  await history.getByTestId("unmerge-open").click();
  const undo = admin.getByRole("dialog", { name: "撤销合并" });
  await expectNoSeriousAxeViolations(admin, "the unmerge confirmation");
  await undo.getByRole("button", { name: "确认撤销合并" }).click();
  await expect(undo.getByRole("alert")).toHaveText("请填写撤销合并的原因（4 至 500 个字符）。");
  await undo.getByLabel("撤销原因").fill("合并有误：两人证件、性别与出生日期均不同");
  await undo.getByRole("button", { name: "确认撤销合并" }).click();
  await expect(history).toContainText("撤销了这次合并。原因：合并有误：两人证件、性别与出生日期均不同");
  await expect(history.getByTestId("unmerge-open")).toHaveCount(0);
  expect(await residentOfConsultation()).toBe(man.residentId);

  // The man's record is his own again: his identity, his active card, and the history of both steps.
  await admin.goto(`/patients/${man.residentId}`);
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(admin.getByTestId("patient-detail")).not.toContainText("您打开的记录已合并到此记录。");
  await expect(admin.getByTestId("patient-detail")).toContainText(man.cardIdMasked);
  await expect(admin.getByTestId("merge-history")).toContainText("撤销了这次合并");
  const [card] = await e2eRows<{ status: string }>(PG_PORT, "SELECT status::text FROM health_card WHERE resident_id = $1", [man.residentId]);
  expect(card?.status).toBe("ACTIVE");

  // The audit log says it in words, with names.
  await admin.goto(`/audit?resident=${encodeURIComponent(name)}`);
  const table = admin.getByTestId("audit-table");
  for (const label of ["撤销合并", "强制合并身份信息不一致的记录", "合并重复记录", "预览合并重复记录"]) await expect(table.getByTestId("audit-action").filter({ hasText: new RegExp(`^${label}$`) }).first()).toBeVisible();
  await expect(table).not.toContainText("ehc.");
  await expect(table.getByTestId("audit-actor").first()).toHaveText(`${adminAccount.displayName} · 五华县人民医院`);
  await expect(table.getByTestId("audit-target").first()).toHaveText(`居民 ${maskedName(name)}`);
  await expect(table).not.toContainText(woman.residentId);
});

test("the audit log reads in words and names, in one Beijing time format, filtered by person, resident, action and date, and exports CSV", async ({ browser, data }) => {
  test.setTimeout(120_000);
  const adminAccount = await data.institutionAdmin();
  const admin = await signedInPage(browser, adminAccount.username);
  const resident = await registerResident(admin, uniquePersonName());
  await admin.goto(`/patients/${resident.residentId}`);
  await expect(admin.getByTestId("patient-detail")).toBeVisible();

  // By person: the admin's own sign-in and view, labelled (no raw keys in Chinese), named, one time format.
  await admin.goto("/audit");
  await expectNoSeriousAxeViolations(admin, "the audit page");
  await admin.getByLabel("操作人").fill(adminAccount.displayName);
  await admin.getByRole("button", { name: "筛选" }).click();
  await expect(admin).toHaveURL(/actor=/);
  const table = admin.getByTestId("audit-table");
  await expect(table.getByTestId("audit-action").filter({ hasText: /^登录$/ })).toHaveCount(1);
  await expect(table.getByTestId("audit-action").filter({ hasText: /^查看居民档案$/ }).first()).toBeVisible();
  await expect(table).not.toContainText("auth.signed_in");
  await expect(table).not.toContainText("ehc.resident.viewed");
  for (const actor of await table.getByTestId("audit-actor").allTextContents()) expect(actor).toBe(`${adminAccount.displayName} · 五华县人民医院`);
  const times = await table.getByTestId("audit-time").allTextContents();
  expect(times.length).toBeGreaterThan(1);
  for (const time of times) expect(time).toMatch(TIMESTAMP);
  await expect(admin.getByText("时间均为北京时间（UTC+8）。")).toBeVisible();

  // By action and by resident (masked name, never the id).
  await admin.getByLabel("操作", { exact: true }).selectOption({ label: "查看居民档案" });
  await admin.getByLabel("居民", { exact: true }).fill(resident.name);
  await admin.getByRole("button", { name: "筛选" }).click();
  await expect(table.getByTestId("audit-action")).toHaveText(["查看居民档案"]);
  await expect(table.getByTestId("audit-target")).toHaveText([`居民 ${maskedName(resident.name)}`]);
  await expect(table).not.toContainText(resident.residentId);

  // By date: today has them, a day long past none; a malformed range says what to do.
  const today = times[0]!.slice(0, 10);
  await admin.getByLabel("起始日期").fill(today);
  await admin.getByLabel("截止日期").fill(today);
  await admin.getByRole("button", { name: "筛选" }).click();
  await expect(table.getByTestId("audit-action")).toHaveText(["查看居民档案"]);
  await admin.getByLabel("起始日期").fill("2020-01-01");
  await admin.getByLabel("截止日期").fill("2020-01-02");
  await admin.getByRole("button", { name: "筛选" }).click();
  await expect(admin.getByText("没有符合条件的记录。")).toBeVisible();
  await admin.goto(`/audit?from=${today}&to=2020-01-01`);
  await expect(admin.getByText("截止日期不能早于起始日期。")).toBeVisible();

  // The CSV export: the same rows and words, audited itself; a malformed filter answers 400.
  const exported = await admin.request.get(`/api/audit/export?actor=${encodeURIComponent(adminAccount.displayName)}&action=ehc.resident.viewed`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-type"]).toContain("text/csv");
  const rows = parse(await exported.text(), { bom: true }) as string[][];
  expect(rows[0]).toEqual(["时间", "操作人", "操作", "操作代码", "对象", "IP 地址"]);
  expect(rows.length).toBeGreaterThan(1);
  for (const row of rows.slice(1)) {
    expect(row[0]).toMatch(TIMESTAMP);
    expect(row[1]).toBe(`${adminAccount.displayName} · 五华县人民医院`);
    expect(row[2]).toBe("查看居民档案");
  }
  expect(rows.slice(1).map((r) => r[4])).toContain(`居民 ${maskedName(resident.name)}`);
  expect((await admin.request.get("/api/audit/export?from=2026-02-30")).status()).toBe(400);
  await admin.goto(`/audit?actor=${encodeURIComponent(adminAccount.displayName)}&action=audit.exported`);
  await expect(table.getByTestId("audit-action")).toHaveText(["导出审计日志"]);

  // Institution admins only: a county doctor is refused the page and the export.
  const doctor = await signedInPage(browser, (await data.countyDoctor()).username);
  expect((await doctor.request.get("/api/audit/export")).status()).toBe(403);
});

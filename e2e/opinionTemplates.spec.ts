/**
 * Opinion templates (issue 13), in Chromium: a cardiologist of 广东省人民医院 finds the specialty's
 * demo templates under 意见模板 (not a colleague's personal one), is told what is wrong with an
 * incomplete template, creates and edits one; in an opinion form a template fills empty fields at
 * once, and replaces written text only after asking; the draft saves what the template put there.
 * Deleting asks first. axe-core finds no serious or critical violation on the pages touched. Every
 * run's accounts, patient and template names are its own.
 */
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { PG_PORT } from "../playwright.config";
import { registerResident, test } from "./data";
import { e2eQuery, pageApi, signedInPage } from "./fixtures";

async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), `axe on ${what}`).toEqual([]);
}

/** A consultation of a fresh patient waiting for the expert's opinion (the call is over). */
async function awaitingOpinion(doctor: Page, expertId: string): Promise<string> {
  const resident = await registerResident(doctor);
  const response = await pageApi(doctor).post("/api/consultations", {
    data: { residentId: resident.residentId, type: "REMOTE_CONSULTATION", specialty: "CARD", urgency: "ROUTINE", clinicalSummary: "女，66 岁，活动后胸痛两周。", question: "请给出诊疗意见。" },
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
  const { id } = (await response.json()) as { id: string };
  // The workflow up to the opinion is tested elsewhere (clinicDay.spec.ts): here the consultation starts where the opinion is written.
  expect(await e2eQuery(PG_PORT, `UPDATE consultation SET status = 'OPINION_PENDING', expert_id = $1, submitted_at = now() WHERE id = $2`, [expertId, id])).toBe(1);
  return id;
}

test("a specialist keeps a template of their specialty and applies it in an opinion, confirming before written text is replaced", async ({ browser, data }) => {
  test.setTimeout(180_000);
  const run = randomBytes(3).toString("hex");
  const expertAccount = await data.specialist("CARD");
  const expert = await signedInPage(browser, expertAccount.username);
  const doctor = await signedInPage(browser, (await data.countyDoctor()).username);

  // ---- the management page, from the navigation
  await expert.getByRole("link", { name: "意见模板" }).click();
  await expect(expert).toHaveURL(/\/consultations\/templates$/);
  await expect(expert.getByRole("heading", { name: "会诊意见模板", level: 1 })).toBeVisible();
  // The specialty's shared demo templates; 王建国's personal one is his alone.
  await expect(expert.getByTestId("template-稳定型心绞痛")).toBeVisible();
  await expect(expert.getByTestId("template-高血压随访")).toBeVisible();
  await expect(expert.getByTestId("template-心房颤动抗凝评估")).toHaveCount(0);
  await expect(expert.getByText("您还没有个人模板。")).toBeVisible();
  await expectAccessible(expert, "the templates page");

  // ---- what is wrong is said beside the field
  const save = expert.getByRole("button", { name: "保存模板" });
  await save.click();
  await expect(expert.getByTestId("tpl-name-error")).toHaveText("请填写模板名称。");
  await expect(expert.getByLabel("模板名称")).toBeFocused();
  const name = `胸痛待查${run}`;
  await expert.getByLabel("模板名称").fill(name);
  await save.click();
  await expect(expert.getByTestId("tpl-findings-error")).toContainText("至少需要");
  await expect(expert.getByTestId("tpl-findings-count")).toHaveText(/0 \/ 8,000/);
  await expert.getByLabel("检查所见").fill("所".repeat(8_001));
  await expect(expert.getByRole("alert").filter({ hasText: "超出" })).toBeVisible();
  await save.click();
  await expect(expert.getByText("有文字超出字数上限，请先删减标出的内容。")).toBeVisible();

  // ---- created, shared in the specialty
  const findings = "心电图：窦性心律，II、III、aVF 导联 ST 段压低 0.1 mV。";
  await expert.getByLabel("检查所见").fill(findings);
  await expert.getByLabel("印象 / 诊断").fill("胸痛待查：不稳定型心绞痛？");
  await expert.getByLabel("处理建议").fill("1. 复查肌钙蛋白。\n2. 尽快行冠脉造影。");
  await save.click();
  await expect(expert.getByTestId("template-done")).toHaveText(`已保存模板“${name}”。`);
  const created = expert.getByTestId(`template-${name}`);
  await expect(created).toContainText("科室");
  await expect(created).toContainText(findings);

  // ---- edited
  await expert.getByRole("button", { name: `编辑 ${name}` }).click();
  await expect(expert.getByRole("heading", { name: `编辑模板“${name}”` })).toBeFocused();
  await expect(expert.getByLabel("模板名称")).toHaveValue(name);
  const impression = "急性冠脉综合征（不稳定型心绞痛）可能性大。";
  await expert.getByLabel("印象 / 诊断").fill(impression);
  await expert.getByRole("button", { name: "保存修改" }).click();
  await expect(expert.getByTestId("template-done")).toHaveText(`已保存对模板“${name}”的修改。`);
  await expect(created).toContainText(impression);
  await expectAccessible(expert, "the templates page with a template of one's own");

  // ---- applied in an opinion form
  const consultationId = await awaitingOpinion(doctor, expertAccount.id);
  await expert.goto(`/consultations/${consultationId}`);
  const picker = expert.getByLabel("套用意见模板");
  await expect(picker).toBeVisible();
  const findingsField = expert.getByLabel("检查所见");
  // Into empty fields a template goes at once.
  await picker.selectOption({ label: "稳定型心绞痛" });
  await expert.getByRole("button", { name: "套用", exact: true }).click();
  await expect(findingsField).toHaveValue(/运动负荷试验/);
  await expect(expert.getByTestId("template-applied")).toHaveText(/已套用模板“稳定型心绞痛”/);
  await expect(expert.getByTestId("op-findings-count")).not.toHaveText(/^0 \//);

  // Over written text it asks first, naming the fields; keeping changes nothing.
  await findingsField.fill("患者自述胸痛持续 30 分钟。");
  await picker.selectOption({ label: name });
  await expert.getByRole("button", { name: "套用", exact: true }).click();
  const dialog = expert.getByRole("dialog", { name: "替换已填写的内容？" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("template-replace-text")).toContainText("检查所见、印象 / 诊断、处理建议");
  await expectAccessible(expert, "the opinion form asking before a template replaces text");
  await dialog.getByRole("button", { name: "保留现有内容" }).click();
  await expect(dialog).toBeHidden();
  await expect(findingsField).toHaveValue("患者自述胸痛持续 30 分钟。");

  await expert.getByRole("button", { name: "套用", exact: true }).click();
  await dialog.getByRole("button", { name: "替换", exact: true }).click();
  await expect(findingsField).toHaveValue(findings);
  await expect(expert.getByLabel("印象 / 诊断")).toHaveValue(impression);
  await expect(expert.getByLabel("处理建议")).toHaveValue("1. 复查肌钙蛋白。\n2. 尽快行冠脉造影。");
  // The draft follows as usual, and comes back with the template's text.
  await expect(expert.getByTestId("opinion-draft-state")).toContainText("草稿已于", { timeout: 15_000 });
  await expectAccessible(expert, "the opinion form with a template applied");
  await expert.reload();
  await expect(expert.getByLabel("印象 / 诊断")).toHaveValue(impression);

  // ---- deleted, after confirming
  await expert.goto("/consultations/templates");
  await expert.getByRole("button", { name: `删除 ${name}` }).click();
  const confirm = expert.getByRole("dialog", { name: `删除模板“${name}”？` });
  await expect(confirm).toContainText("本科室的其他专家也将无法使用");
  await confirm.getByRole("button", { name: "删除", exact: true }).click();
  await expect(expert.getByTestId("template-done")).toHaveText(`已删除模板“${name}”。`);
  await expect(expert.getByTestId(`template-${name}`)).toHaveCount(0);
  await expect(expert.getByTestId("template-稳定型心绞痛")).toBeVisible();
});

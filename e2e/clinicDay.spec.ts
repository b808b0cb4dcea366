/**
 * A clinic day (issue 13): the call moves the consultation and the page follows it live; the role
 * homes count what they list; the app's own field messages; the printed opinion names the patient;
 * the record page starts a consultation; the lookup takes names. axe-core over every page touched.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { registerResident, setWeeklyCalendar, test, type RegisteredResident } from "./data";
import { PG_PORT } from "../playwright.config";
import { e2eRows, pageApi, signedInPage } from "./fixtures";

test.setTimeout(180_000);

async function ok<T>(response: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<T> {
  const text = await response.text();
  expect(response.status(), `${response.url()} answered ${response.status()}: ${text.slice(0, 300)}`).toBeLessThan(300);
  return JSON.parse(text) as T;
}

interface ConsultationView {
  id: string;
  version: number;
  status: string;
  number: string;
}

const SUMMARY = "男，58 岁，活动后胸闷一月，心电图 ST 段压低。";

/** A draft of the doctor for the resident; submitted (with consent) unless `draft`. */
async function request(doctor: Page, residentId: string, options: { draft?: boolean; urgency?: string } = {}): Promise<ConsultationView> {
  const api = pageApi(doctor);
  let c = await ok<ConsultationView>(
    await api.post("/api/consultations", { data: { residentId, type: "REMOTE_CONSULTATION", specialty: "CARD", urgency: options.urgency ?? "ROUTINE", clinicalSummary: SUMMARY, question: "是否需要冠脉造影？" } }),
  );
  if (options.draft) return c;
  c = await ok<ConsultationView>(await api.post(`/api/consultations/${c.id}/consent`, { data: { method: "ON_SCREEN_SIGNATURE", givenBy: "患者本人", expectedVersion: c.version } }));
  return ok<ConsultationView>(await api.post(`/api/consultations/${c.id}/submit`, { data: { expectedVersion: c.version } }));
}

/** Assigned to the expert and booked on their first free slot by the coordinator. */
async function schedule(coordinator: Page, c: ConsultationView, expertId: string): Promise<ConsultationView> {
  const api = pageApi(coordinator);
  const assigned = await ok<ConsultationView>(await api.post(`/api/consultations/${c.id}/assign`, { data: { expertId, expectedVersion: c.version } }));
  const slots = await ok<{ start: string }[]>(await api.get(`/api/scheduling/slots?expertId=${expertId}&days=30`));
  for (const slot of slots) {
    const response = await api.post(`/api/consultations/${c.id}/book`, { data: { startsAt: slot.start } });
    if (response.status() !== 409) return ok<ConsultationView>(response);
  }
  throw new Error(`no free slot for ${assigned.number}`);
}

/** No serious or critical accessibility violation on the page as it is now. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(bad.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`), `axe on ${what}`).toEqual([]);
}

test("joining as host starts the session, ending for everyone completes it and opens the opinion; the page follows live and no longer offers the call", async ({ browser, data }) => {
  // Five signed-in pages, two in a call: minutes on a busy 2-core machine.
  test.setTimeout(300_000);
  const [doctorAccount, coordinatorAccount, expertAccount] = await Promise.all([data.countyDoctor(), data.coordinator(), data.specialist("CARD")]);
  const media = { permissions: ["camera", "microphone"] };
  const [doctor, coordinator, expert] = await Promise.all([signedInPage(browser, doctorAccount.username, media), signedInPage(browser, coordinatorAccount.username), signedInPage(browser, expertAccount.username, media)]);
  await setWeeklyCalendar(expert);
  const resident = await registerResident(doctor);
  const c = await schedule(coordinator, await request(doctor, resident.residentId), expertAccount.id);
  expect(c.status).toBe("SCHEDULED");
  const url = `/consultations/${c.id}`;

  // The requesting doctor watches the consultation page in a tab of their own; it is never reloaded.
  const watcher = await doctor.context().newPage();
  await watcher.goto(url);
  await expect(watcher.getByTestId("consultation-status")).toHaveText("已预约");
  await expectAccessible(watcher, "the consultation page");

  // The expert enters the call from the page; joining as host starts the session, after confirming.
  await expert.goto(url);
  await expert.getByRole("link", { name: "进入视频会诊" }).click();
  await expect(expert).toHaveURL(/\/video\/[0-9a-f-]{36}$/);
  const roomUrl = new URL(expert.url()).pathname;
  await expect(expert.getByTestId("join-button")).toHaveText("加入并开始会诊", { timeout: 20_000 });
  await expectAccessible(expert, "the pre-join check");
  await expert.getByTestId("join-button").click();
  const startDialog = expert.getByRole("dialog", { name: "加入视频并开始会诊？" });
  await expect(startDialog).toBeVisible();
  await startDialog.getByRole("button", { name: "暂不加入" }).click();
  await expect(startDialog).toBeHidden();
  await expect(watcher.getByTestId("consultation-status")).toHaveText("已预约");
  await expert.getByTestId("join-button").click();
  await startDialog.getByRole("button", { name: "开始会诊" }).click();
  await expect(expert.getByTestId("video-room")).toBeVisible({ timeout: 20_000 });
  await expect(watcher.getByTestId("consultation-status")).toHaveText("会诊中", { timeout: 20_000 });

  // The doctor joins and is admitted.
  await doctor.goto(roomUrl);
  await expect(doctor.getByTestId("join-button")).toHaveText("进入会诊", { timeout: 20_000 });
  await doctor.getByTestId("join-button").click();
  await expect(doctor.getByTestId("video-waiting")).toBeVisible({ timeout: 20_000 });
  await expect(expert.getByTestId("waiting-badge")).toBeVisible({ timeout: 20_000 });
  await expert.getByTestId("tab-people").click();
  await expert.getByTestId("admit").first().click();
  await expect(doctor.getByTestId("video-room")).toBeVisible({ timeout: 20_000 });

  // Ending for everyone asks first, tells the others, and takes the host to the opinion form.
  await expert.getByTestId("end-for-all").click();
  await expect(expert.getByRole("dialog")).toContainText("待出具意见");
  await expert.getByTestId("end-for-all-confirm").click();
  await expect(doctor.getByTestId("video-ended")).toContainText("已结束本场会诊", { timeout: 20_000 });
  await expect(doctor.getByTestId("back-to-consultation")).toHaveAttribute("href", url);
  await expect(expert).toHaveURL(new RegExp(`${url}#opinion$`), { timeout: 20_000 });
  await expect(expert.getByTestId("consultation-status")).toHaveText("待出具意见");
  await expect(expert.getByRole("button", { name: "签署会诊意见" })).toBeVisible();
  await expect(expert.getByRole("link", { name: "进入视频会诊" })).toHaveCount(0);
  await expectAccessible(expert, "the opinion step");

  // What the expert writes is saved as a draft as they type, and is there again after a reload.
  const findings = `心电图示前壁 ST 段压低（草稿 ${Date.now()}）`;
  await expert.getByLabel("检查所见").fill(findings);
  await expect(expert.getByTestId("opinion-draft-state")).toContainText("草稿已于", { timeout: 15_000 });
  await expert.reload();
  await expect(expert.getByRole("status").filter({ hasText: "已恢复您" })).toBeVisible();
  await expect(expert.getByLabel("检查所见")).toHaveValue(findings);

  // The doctor's page followed without a reload and no longer offers the call; entering it is refused clearly.
  await expect(watcher.getByTestId("consultation-status")).toHaveText("待出具意见", { timeout: 20_000 });
  await expect(watcher.getByRole("link", { name: "进入视频会诊" })).toHaveCount(0);
  await watcher.goto(`${url}/video`);
  await expect(watcher.getByTestId("video-refused")).toContainText("视频会诊已经结束，不能再次进入");
  await watcher.goto(roomUrl);
  await expect(watcher.getByRole("heading", { name: "无法进入该会诊" })).toBeVisible();
});

test("the page's own start and end of the session ask first, and the end closes the call", async ({ browser, data }) => {
  const [doctorAccount, coordinatorAccount, expertAccount] = await Promise.all([data.countyDoctor(), data.coordinator(), data.specialist("CARD")]);
  const [doctor, coordinator, expert] = await Promise.all([signedInPage(browser, doctorAccount.username), signedInPage(browser, coordinatorAccount.username), signedInPage(browser, expertAccount.username)]);
  await setWeeklyCalendar(expert);
  const resident = await registerResident(doctor);
  const c = await schedule(coordinator, await request(doctor, resident.residentId), expertAccount.id);
  await expert.goto(`/consultations/${c.id}`);
  await expert.getByRole("button", { name: "开始会诊" }).click();
  const start = expert.getByRole("dialog", { name: "开始会诊？" });
  await start.getByRole("button", { name: "返回" }).click();
  await expect(expert.getByTestId("consultation-status")).toHaveText("已预约");
  await expert.getByRole("button", { name: "开始会诊" }).click();
  await start.getByRole("button", { name: "开始会诊" }).click();
  await expect(expert.getByTestId("consultation-status")).toHaveText("会诊中");
  await expert.getByRole("button", { name: "结束会诊" }).click();
  const end = expert.getByRole("dialog", { name: "结束会诊？" });
  await expect(end).toContainText("不能撤销");
  await end.getByRole("button", { name: "结束会诊" }).click();
  await expect(expert.getByTestId("consultation-status")).toHaveText("待出具意见");
  await expect(expert.getByRole("link", { name: "进入视频会诊" })).toHaveCount(0);
  await doctor.goto(`/consultations/${c.id}/video`);
  await expect(doctor.getByTestId("video-refused")).toContainText("视频会诊已经结束");
});

/** The number in a home's headline count ("待分诊：12"). */
async function headlineCount(page: Page): Promise<number> {
  const text = (await page.getByTestId("worklist-count").textContent()) ?? "";
  return Number(/(\d+)\s*$/.exec(text.trim())?.[1] ?? NaN);
}

test("the role homes count exactly what they list, with filters in the address and clear messages for bad ones", async ({ browser, data }) => {
  const [doctorAccount, coordinatorAccount, expertAccount] = await Promise.all([data.countyDoctor(), data.coordinator(), data.specialist("CARD")]);
  const [doctor, coordinator, expert] = await Promise.all([signedInPage(browser, doctorAccount.username), signedInPage(browser, coordinatorAccount.username), signedInPage(browser, expertAccount.username)]);
  const resident = await registerResident(doctor);

  // A fresh county doctor: nothing yet, and the empty list says what to do.
  await doctor.goto("/home");
  expect(await headlineCount(doctor)).toBe(0);
  await expect(doctor.getByTestId("worklist")).toContainText("新建会诊申请");

  const draft = await request(doctor, resident.residentId, { draft: true });
  const urgent = await request(doctor, resident.residentId, { urgency: "URGENT" });
  const submitted = await request(doctor, resident.residentId);
  await pageApi(coordinator).post(`/api/consultations/${submitted.id}/assign`, { data: { expertId: expertAccount.id, expectedVersion: submitted.version } });

  await doctor.goto("/home");
  expect(await headlineCount(doctor)).toBe(3);
  await expect(doctor.getByTestId("worklist-row")).toHaveCount(3);
  for (const c of [draft, urgent, submitted]) await expect(doctor.getByTestId("worklist-table")).toContainText(c.number);
  await expectAccessible(doctor, "the county doctor's home");

  // Filters go into the address; the count follows the list.
  await doctor.getByLabel("紧急程度").selectOption("URGENT");
  await doctor.getByRole("button", { name: "筛选" }).click();
  await expect(doctor).toHaveURL(/\/home\?.*urgency=URGENT/);
  await expect(doctor.getByTestId("worklist-row")).toHaveCount(1);
  expect(await headlineCount(doctor)).toBe(1);
  await doctor.goto("/home?status=ASSIGNED");
  await expect(doctor.getByTestId("worklist-row")).toHaveCount(1);
  await expect(doctor.getByTestId("worklist-table")).toContainText(submitted.number);
  await doctor.goto("/home?status=COMPLETED");
  await expect(doctor.getByTestId("worklist")).toContainText("没有符合筛选条件的会诊");
  expect(await headlineCount(doctor)).toBe(0);

  // A bad value is named, not a 500; the rest of the list still shows.
  const response = await doctor.goto("/home?status=LOST&from=2026-13-01&urgency=URGENT");
  expect(response?.status()).toBe(200);
  await expect(doctor.getByTestId("worklist-bad-filter")).toContainText("状态");
  await expect(doctor.getByTestId("worklist-bad-filter")).toContainText("开始日期");
  await expect(doctor.getByTestId("worklist-row")).toHaveCount(1);

  // The specialist: theirs and their specialty's queue (every hospital's), counted as listed; the assigned one by its status.
  await expert.goto("/home");
  const expertCount = await headlineCount(expert);
  expect(expertCount).toBeGreaterThanOrEqual(1);
  await expect(expert.getByTestId("worklist-total")).toHaveText(`共 ${expertCount} 条`);
  expect(await expert.getByTestId("worklist-row").count()).toBe(Math.min(expertCount, 10));
  await expert.goto("/home?status=ASSIGNED");
  await expect(expert.getByTestId("worklist-row")).toHaveCount(1);
  await expect(expert.getByTestId("worklist-table")).toContainText(submitted.number);
  expect(await headlineCount(expert)).toBe(1);
  await expectAccessible(expert, "the specialist's home");

  // The coordinator: the triage queue (every hospital's), its count is the list's total.
  await coordinator.goto("/home");
  const queued = await headlineCount(coordinator);
  expect(queued).toBeGreaterThanOrEqual(1);
  await expect(coordinator.getByTestId("worklist-total")).toHaveText(`共 ${queued} 条`);
  expect(await coordinator.getByTestId("worklist-row").count()).toBe(Math.min(queued, 10));
  await expectAccessible(coordinator, "the coordinator's home");
  // Filtered by today's date and urgency: this run's urgent request is among them, and the count is still the list's.
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  await coordinator.goto(`/home?urgency=URGENT&specialty=CARD&from=${today}&to=${today}`);
  const filtered = await headlineCount(coordinator);
  expect(filtered).toBeGreaterThanOrEqual(1);
  expect(filtered).toBeLessThanOrEqual(queued);
  await expect(coordinator.getByTestId("worklist-total")).toHaveText(`共 ${filtered} 条`);
  expect(await coordinator.getByTestId("worklist-row").count()).toBe(Math.min(filtered, 10));
});

test("required fields get the app's own messages, and the consent choices keep their labels beside them", async ({ browser, data }) => {
  const doctor = await signedInPage(browser, (await data.countyDoctor()).username);
  const resident = await registerResident(doctor);

  // Registering a patient at the window with nothing filled in.
  await doctor.goto("/patients/new");
  await expect(doctor.locator("form").first()).toHaveAttribute("novalidate", "");
  await doctor.getByRole("button", { name: "办理健康卡" }).click();
  const name = doctor.getByLabel("姓名", { exact: true });
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription(/此项为必填项/);
  await expect(doctor.getByTestId("name-error")).toHaveText("此项为必填项，请填写。");
  await expect(doctor.getByTestId("docNumber-error")).toBeVisible();
  await expect(doctor.getByLabel("证件号码", { exact: true })).toBeFocused();
  await name.fill("王小明");
  await expect(doctor.getByTestId("name-error")).toBeHidden();
  await expectAccessible(doctor, "patient registration");

  // The consultation request: the summary and the question are required.
  await doctor.goto(`/consultations/new?patient=${resident.residentId}`);
  await expect(doctor.getByTestId("picked-patient")).toContainText(resident.name);
  await doctor.getByRole("button", { name: "保存草稿" }).click();
  await expect(doctor.getByRole("alert").filter({ hasText: "请先填写标出的必填项" })).toBeVisible();
  await expect(doctor.getByLabel("病情摘要")).toHaveAttribute("aria-invalid", "true");
  await expect(doctor.getByTestId("clinicalSummary-error")).toHaveText("此项为必填项，请填写。");
  await expect(doctor.getByLabel("咨询问题")).toHaveAccessibleDescription(/此项为必填项/);
  await expectAccessible(doctor, "the consultation request");
  await doctor.getByLabel("病情摘要").fill(SUMMARY);
  await doctor.getByLabel("咨询问题").fill("是否需要冠脉造影？");
  await doctor.getByRole("button", { name: "保存草稿" }).click();
  await expect(doctor).toHaveURL(/\/consultations\/[0-9a-f-]{36}$/);

  // Consent: the giver's name is required, and each radio's label sits on its line.
  await doctor.getByRole("button", { name: "记录知情同意" }).click();
  await expect(doctor.getByTestId("givenBy-error")).toHaveText("此项为必填项，请填写。");
  await expect(doctor.getByLabel(/同意人姓名/)).toHaveAttribute("aria-invalid", "true");
  for (const radio of await doctor.getByRole("radio").all()) {
    const box = (await radio.boundingBox())!;
    const label = (await radio.locator("xpath=..").boundingBox())!;
    // One line: the label is no taller than about two lines of text, and the radio starts it.
    expect(label.height).toBeLessThan(60);
    expect(box.x - label.x).toBeLessThan(4);
    expect(box.y - label.y).toBeLessThan(12);
  }
  await expectAccessible(doctor, "the draft with its consent form");
});

test("the printed opinion names the patient (sex, age, masked ID and card) and the request", async ({ browser, data }) => {
  const doctor = await signedInPage(browser, (await data.countyDoctor()).username);
  const resident: RegisteredResident = await registerResident(doctor);
  const c = await request(doctor, resident.residentId);
  await doctor.goto(`/consultations/${c.id}/print`);
  const patient = doctor.getByTestId("print-patient");
  await expect(patient).toContainText(resident.name);
  await expect(doctor.getByTestId("print-sex")).toHaveText(/^(男|女)$/);
  const birthYear = Number(resident.docNumber.slice(6, 10));
  const age = Number(/(\d+) 岁/.exec((await doctor.getByTestId("print-age").textContent()) ?? "")?.[1]);
  expect(Math.abs(new Date().getFullYear() - birthYear - age)).toBeLessThanOrEqual(1);
  await expect(doctor.getByTestId("print-document")).toContainText(`${resident.docNumber.slice(0, 4)}**********${resident.docNumber.slice(14)}`);
  await expect(doctor.getByTestId("print-document")).not.toContainText(resident.docNumber);
  // Masked as on every page: the first 6 and last 4 of the card's 64 hex characters.
  const [card] = await e2eRows<{ card_id: string }>(PG_PORT, "SELECT card_id FROM health_card WHERE resident_id = $1", [resident.residentId]);
  await expect(doctor.getByTestId("print-card")).toHaveText(`${card!.card_id.slice(0, 6)}****${card!.card_id.slice(-4)}`);
  await expect(doctor.getByTestId("print-request")).toContainText(SUMMARY);
  await expect(doctor.getByTestId("print-request")).toContainText("是否需要冠脉造影？");
  await expectAccessible(doctor, "the printed opinion");
});

test("the patient's record page starts a consultation for them, and the lookup finds patients by name", async ({ browser, data }) => {
  const doctor = await signedInPage(browser, (await data.countyDoctor()).username);
  const resident = await registerResident(doctor);
  await doctor.goto(`/patients/${resident.residentId}`);
  await expectAccessible(doctor, "the patient page");
  await doctor.getByTestId("new-consultation-for-patient").click();
  await expect(doctor).toHaveURL(new RegExp(`/consultations/new\\?patient=${resident.residentId}$`));
  await expect(doctor.getByTestId("picked-patient")).toContainText(resident.name);

  await doctor.goto(`/patients/${resident.residentId}/record`);
  await expect(doctor.getByTestId("new-consultation-for-patient")).toHaveAttribute("href", `/consultations/new?patient=${resident.residentId}`);
  await expectAccessible(doctor, "the shared record page");

  // A patient id the doctor may not see, or no id at all, is said plainly.
  await doctor.goto("/consultations/new?patient=00000000-0000-4000-8000-000000000000");
  await expect(doctor.getByRole("alert").filter({ hasText: "找不到该患者" })).toBeVisible();

  await doctor.goto("/consultations/new");
  await doctor.getByLabel(/查找患者/).fill(resident.name);
  await doctor.getByRole("button", { name: "查找", exact: true }).click();
  await doctor.getByRole("button", { name: new RegExp(resident.name) }).click();
  await expect(doctor.getByTestId("picked-patient")).toContainText(resident.name);
});

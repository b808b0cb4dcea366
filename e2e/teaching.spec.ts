/**
 * Surgical teaching in Chromium (issue 12, part 1): a coordinator schedules through the form and a
 * clash names the busy surgeon; a county doctor registers and watches as a viewer, receives the
 * surgeon's camera, is refused when asking to speak, is given the floor by the moderator and has
 * it taken back.
 */
import { randomBytes } from "node:crypto";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { test } from "./data";
import { pageApi, SIGN_IN_TIMEOUT, signInAs } from "./fixtures";

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

async function signedIn(browser: Browser, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ permissions: ["camera", "microphone"] });
  const page = await context.newPage();
  await signInAs(page, username);
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  return { context, page };
}

interface Options {
  institutions: { id: string; name: string }[];
}

/** An operating room and its kit of the provincial hospital, of this test's own (codes no other test uses). */
async function ownRoomAndKit(coordinator: Page): Promise<{ roomId: string; roomName: string; kitId: string; institutions: Options["institutions"] }> {
  const options = (await (await pageApi(coordinator).get("/api/teaching/resources")).json()) as Options;
  const gdph = options.institutions.find((i) => i.name === "广东省人民医院")!;
  const suffix = randomBytes(3).toString("hex");
  const roomName = `端到端手术室${suffix}`;
  const room = await pageApi(coordinator).post("/api/teaching/resources", { data: { kind: "OPERATING_ROOM", institutionId: gdph.id, code: `E2EOR${suffix}`, name: roomName } });
  expect(room.status(), await room.text()).toBe(201);
  const roomId = ((await room.json()) as { id: string }).id;
  const kit = await pageApi(coordinator).post("/api/teaching/resources", { data: { kind: "CAMERA_KIT", institutionId: gdph.id, code: `E2EKIT${suffix}`, name: `端到端摄像组${suffix}`, operatingRoomId: roomId } });
  expect(kit.status(), await kit.text()).toBe(201);
  return { roomId, roomName, kitId: ((await kit.json()) as { id: string }).id, institutions: options.institutions };
}

const beijingDate = (date: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(date);

test("a coordinator schedules through the form; a clash names the busy surgeon; another time is taken", async ({ browser, data }) => {
  const coordinator = await data.coordinator();
  const surgeon = await data.specialist("GSUR");
  const { context, page } = await signedIn(browser, coordinator.username);
  const { roomId, roomName, kitId, institutions } = await ownRoomAndKit(page);
  const day = new Date(Date.now() + 3 * 86_400_000);
  const wuhua = institutions.find((i) => i.name === "五华县人民医院")!;
  // The surgeon is already booked 10:00–12:00 that day.
  const held = await pageApi(page).post("/api/teaching/sessions", {
    data: { title: "已安排的示教", procedure: "胃癌根治术", surgeonId: surgeon.id, moderatorIds: [coordinator.id], operatingRoomId: roomId, cameraKitId: kitId, startsAt: `${beijingDate(day)}T10:00:00+08:00`, durationMinutes: 120, invitedInstitutionIds: [wuhua.id] },
  });
  expect(held.status(), await held.text()).toBe(201);

  await page.goto("/teaching");
  await page.getByTestId("schedule-teaching").click();
  await expect(page.getByTestId("schedule-form")).toBeVisible();
  await page.getByLabel("示教名称").fill("腹腔镜胆囊切除术示教");
  await page.getByLabel("术式").fill("腹腔镜胆囊切除术（LC）");
  await page.getByLabel("主刀医生", { exact: true }).selectOption(surgeon.id);
  await page.getByLabel("手术室", { exact: true }).selectOption({ label: `广东省人民医院 · ${roomName}` });
  await expect(page.getByLabel("摄像设备", { exact: true })).toHaveValue(kitId);
  await page.getByLabel("日期").fill(beijingDate(day));
  await page.getByLabel("开始时间（北京时间）").fill("11:00");
  await page.getByLabel("预计时长（分钟）").fill("60");
  await page.getByTestId("moderators").getByLabel("筛选").fill(coordinator.displayName);
  await page.getByTestId("moderators").getByLabel(new RegExp(coordinator.displayName)).check();
  await page.getByTestId("invited").getByLabel("筛选").fill("五华县人民医院");
  await page.getByTestId("invited").getByLabel("五华县人民医院", { exact: true }).check();
  await page.getByRole("button", { name: "安排示教" }).click();
  const busy = page.getByTestId("busy-resource");
  await expect(busy).toContainText(`主刀医生 ${surgeon.displayName} 在该时段已有示教“已安排的示教”`);
  await expect(page.getByLabel("主刀医生", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("开始时间（北京时间）").fill("14:00");
  await page.getByRole("button", { name: "安排示教" }).click();
  await expect(page).toHaveURL(/\/teaching\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("腹腔镜胆囊切除术示教");
  await expect(page.getByTestId("teaching-phase")).toHaveText("待开始");
  await context.close();
});

test("a trainee registers, watches the surgeon's camera, is refused when asking to speak, gets the floor and loses it", async ({ browser, data }) => {
  const coordinator = await data.coordinator();
  const surgeon = await data.specialist("GSUR");
  const trainee = await data.countyDoctor();
  const moderator = await signedIn(browser, coordinator.username);
  const { roomId, kitId, institutions } = await ownRoomAndKit(moderator.page);
  const wuhua = institutions.find((i) => i.name === "五华县人民医院")!;
  const created = await pageApi(moderator.page).post("/api/teaching/sessions", {
    data: { title: "端到端示教直播", procedure: "甲状腺腺叶切除术", surgeonId: surgeon.id, moderatorIds: [coordinator.id], operatingRoomId: roomId, cameraKitId: kitId, startsAt: new Date(Date.now() + 10 * 60_000).toISOString(), durationMinutes: 60, invitedInstitutionIds: [wuhua.id] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const sessionId = ((await created.json()) as { id: string }).id;

  const viewer = await signedIn(browser, trainee.username);
  await viewer.page.goto(`/teaching/${sessionId}`);
  await viewer.page.getByTestId("register-self").click();
  await expect(viewer.page.getByRole("status").filter({ hasText: "已报名" })).toBeVisible();
  await expect(viewer.page.getByTestId("watch")).toBeVisible();

  const presenter = await signedIn(browser, surgeon.username);
  await presenter.page.goto(`/teaching/${sessionId}/watch`);
  await presenter.page.getByTestId("teaching-enter").click();
  await expect(presenter.page.getByTestId("teaching-watch")).toHaveAttribute("data-phase", "joined", { timeout: 30_000 });

  await viewer.page.getByTestId("watch").click();
  await viewer.page.getByTestId("teaching-enter").click();
  await expect(viewer.page.getByTestId("teaching-watch")).toHaveAttribute("data-phase", "joined", { timeout: 30_000 });
  // The surgeon's camera decodes at the viewer.
  const framesFrom = (userId: string) =>
    viewer.page.evaluate(async (id) => (await window.__teaching!.client.inboundStats()).filter((row) => row.userId === id && row.kind === "video").reduce((sum, row) => sum + row.framesDecoded, 0), userId);
  await expect.poll(() => framesFrom(surgeon.id), { timeout: 30_000 }).toBeGreaterThan(0);

  // Asking to speak without the floor: refused by the SFU, and said so.
  await viewer.page.getByTestId("try-speak").click();
  await expect(viewer.page.getByTestId("teaching-refusal")).toHaveText("您以观看者身份进入，只能观看和收听；主持人给予发言权后才能发言。");

  // The moderator gives the floor: the viewer's microphone goes out; then takes it back.
  await moderator.page.goto(`/teaching/${sessionId}/watch`);
  await moderator.page.getByTestId("teaching-enter").click();
  await moderator.page.getByTestId(`give-floor-${trainee.id}`).click();
  await expect(viewer.page.getByTestId("speaking")).toBeVisible({ timeout: 20_000 });
  const audioFromViewer = () =>
    presenter.page.evaluate(async (id) => (await window.__teaching!.client.inboundStats()).filter((row) => row.userId === id && row.kind === "audio").reduce((sum, row) => sum + row.packetsReceived, 0), trainee.id);
  await expect.poll(audioFromViewer, { timeout: 30_000 }).toBeGreaterThan(0);
  await moderator.page.getByTestId(`take-floor-${trainee.id}`).click();
  await expect(viewer.page.getByTestId("teaching-notice")).toContainText("已收回发言权");
  await expect(viewer.page.getByTestId("try-speak")).toBeVisible();
  await viewer.page.getByTestId("try-speak").click();
  await expect(viewer.page.getByTestId("teaching-refusal")).toContainText("您以观看者身份进入");

  for (const { context } of [viewer, presenter, moderator]) await context.close();
});

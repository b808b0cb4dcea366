import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { io } from "socket.io-client";
import { signInAs, SIGN_IN_TIMEOUT } from "./fixtures";

// One SFU per server: these tests kill workers, so they run one after another.
test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

type InboundRow = { consumerId: string; userId: string; kind: string; source: string; framesDecoded: number; packetsReceived: number };

async function signedInPage(browser: Browser, username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ permissions: ["camera", "microphone"] });
  const page = await context.newPage();
  await signInAs(page, username);
  await expect(page).toHaveURL(/\/home$/, { timeout: SIGN_IN_TIMEOUT });
  return { context, page };
}

async function createRoom(browser: Browser, hosts: string[], participants: string[]): Promise<string> {
  const { context, page } = await signedInPage(browser, "coordinator");
  const start = new Date();
  const response = await page.request.post("/api/video/rooms", {
    data: { title: `端到端测试会诊 ${start.getTime()}`, scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 3_600_000).toISOString(), hostUsernames: hosts, participantUsernames: participants },
  });
  expect(response.status()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await context.close();
  return id;
}

async function join(page: Page, roomId: string): Promise<void> {
  await page.goto(`/video/${roomId}`);
  await page.getByTestId("join-button").click();
}

const stats = (page: Page) => page.evaluate(() => window.__video?.stats() ?? Promise.resolve([])) as Promise<InboundRow[]>;
const userIdOf = (page: Page) => page.evaluate(() => window.__video?.client.state.userId ?? null) as Promise<string | null>;

/** Every other participant's camera video is decoding and their audio packets arrive, and both keep growing. */
async function expectReceivingFrom(page: Page, userIds: string[], source = "camera"): Promise<void> {
  const total = (rows: InboundRow[], userId: string, kind: string, field: "framesDecoded" | "packetsReceived") =>
    rows.filter((row) => row.userId === userId && row.kind === kind && (kind === "audio" || row.source === source)).reduce((sum, row) => sum + row[field], 0);
  for (const userId of userIds) {
    await expect.poll(async () => total(await stats(page), userId, "video", "framesDecoded"), { timeout: 20_000 }).toBeGreaterThan(0);
    if (source === "camera") await expect.poll(async () => total(await stats(page), userId, "audio", "packetsReceived"), { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await stats(page);
    await expect
      .poll(async () => total(await stats(page), userId, "video", "framesDecoded"), { timeout: 20_000 })
      .toBeGreaterThan(total(before, userId, "video", "framesDecoded"));
    if (source === "camera") {
      await expect.poll(async () => total(await stats(page), userId, "audio", "packetsReceived"), { timeout: 20_000 }).toBeGreaterThan(total(before, userId, "audio", "packetsReceived"));
    }
  }
}

async function admit(host: Page, guest: Page): Promise<void> {
  await expect(guest.getByTestId("video-waiting")).toBeVisible({ timeout: 20_000 });
  await expect(host.getByTestId("waiting-badge")).toBeVisible({ timeout: 20_000 });
  await host.getByTestId("tab-people").click();
  await host.getByTestId("admit").first().click();
  await expect(guest.getByTestId("video-room")).toBeVisible({ timeout: 20_000 });
}

test("two, then three participants see and hear each other; lobby, mute, screen share and chat work", async ({ browser }) => {
  const roomId = await createRoom(browser, ["specialist"], ["county.doctor", "county.doctor2"]);
  const expert = await signedInPage(browser, "specialist");
  const doctor = await signedInPage(browser, "county.doctor");
  const doctor2 = await signedInPage(browser, "county.doctor2");

  await join(expert.page, roomId);
  await expect(expert.page.getByTestId("video-room")).toBeVisible({ timeout: 20_000 });
  await join(doctor.page, roomId);
  await admit(expert.page, doctor.page);
  const [expertId, doctorId] = [await userIdOf(expert.page), await userIdOf(doctor.page)];
  await expectReceivingFrom(expert.page, [doctorId!]);
  await expectReceivingFrom(doctor.page, [expertId!]);

  await join(doctor2.page, roomId);
  await admit(expert.page, doctor2.page);
  const doctor2Id = await userIdOf(doctor2.page);
  await expectReceivingFrom(expert.page, [doctorId!, doctor2Id!]);
  await expectReceivingFrom(doctor.page, [expertId!, doctor2Id!]);
  await expectReceivingFrom(doctor2.page, [expertId!, doctorId!]);

  // Mute is reflected on the others' tiles.
  await doctor.page.getByTestId("toggle-mic").click();
  await expect(expert.page.getByTestId(`tile-${doctorId}`).getByTestId("muted-badge")).toBeVisible();
  await expect(doctor2.page.getByTestId(`tile-${doctorId}`).getByTestId("muted-badge")).toBeVisible();
  await doctor.page.getByTestId("toggle-mic").click();
  await expect(expert.page.getByTestId(`tile-${doctorId}`).getByTestId("muted-badge")).toBeHidden();

  // Screen share alongside the camera.
  await expert.page.getByTestId("toggle-screen").click();
  await expect(doctor.page.getByTestId("screen-stage")).toBeVisible({ timeout: 20_000 });
  await expectReceivingFrom(doctor.page, [expertId!], "screen");
  await expectReceivingFrom(doctor.page, [expertId!], "camera");

  // Chat reaches everyone and is saved to the record.
  await doctor.page.getByTestId("tab-chat").click();
  await doctor.page.getByLabel("输入消息").fill("患者胸闷三天，心电图已上传");
  await doctor.page.getByTestId("chat-send").click();
  await expert.page.getByTestId("tab-chat").click();
  await expect(expert.page.getByTestId("chat-log")).toContainText("患者胸闷三天，心电图已上传");
  const history = (await expert.page.evaluate(() => window.__video!.client.request("chat:history"))) as { messages: { body: string }[] };
  expect(history.messages.map((message) => message.body)).toContain("患者胸闷三天，心电图已上传");

  // The host ends it for everyone, after confirming.
  await expert.page.getByTestId("end-for-all").click();
  await expert.page.getByTestId("end-for-all-confirm").click();
  await expect(doctor.page.getByTestId("video-ended")).toContainText("已结束本场会诊");
  for (const participant of [expert, doctor, doctor2]) await participant.context.close();
});

test("outsiders are refused: not a participant, and a forged join token at the socket", async ({ browser, baseURL }) => {
  const roomId = await createRoom(browser, ["specialist"], ["county.doctor"]);
  const outsider = await signedInPage(browser, "county.doctor2");
  await outsider.page.goto(`/video/${roomId}`);
  await expect(outsider.page.getByTestId("video-refused")).toContainText("您不是该会诊的参会人");
  const tokenResponse = await outsider.page.request.post(`/api/video/rooms/${roomId}/token`);
  expect(tokenResponse.status()).toBe(403);

  const cookie = (await outsider.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const socket = io(`${baseURL}/media`, { transports: ["websocket"], extraHeaders: { cookie }, auth: { token: "v1.forged.signature", roomId }, reconnection: false });
  const refusal = await new Promise<{ message: string; data?: { code: string } }>((resolve) => socket.once("connect_error", resolve));
  socket.close();
  expect(refusal.data?.code).toBe("JOIN_TOKEN_REFUSED");
  expect(refusal.message).toContain("入会凭证无效");
  await outsider.context.close();
});

test("killing the SFU worker mid-call brings video back within 10 seconds", async ({ browser, request }) => {
  const roomId = await createRoom(browser, ["specialist"], ["county.doctor"]);
  const expert = await signedInPage(browser, "specialist");
  const doctor = await signedInPage(browser, "county.doctor");
  await join(expert.page, roomId);
  await expect(expert.page.getByTestId("video-room")).toBeVisible({ timeout: 20_000 });
  await join(doctor.page, roomId);
  await admit(expert.page, doctor.page);
  const expertId = await userIdOf(expert.page);
  await expectReceivingFrom(doctor.page, [expertId!]);

  const health = (await (await request.get("/api/health")).json()) as { sfu: { workers: { pid: number; rooms: number }[] } };
  const busy = health.sfu.workers.filter((worker) => worker.rooms > 0);
  expect(busy.length).toBeGreaterThan(0);
  const before = new Set((await stats(doctor.page)).map((row) => row.consumerId));
  for (const worker of busy) process.kill(worker.pid, "SIGKILL");

  const freshFrames = async () =>
    (await stats(doctor.page)).filter((row) => !before.has(row.consumerId) && row.kind === "video" && row.userId === expertId).reduce((sum, row) => sum + row.framesDecoded, 0);
  await expect.poll(freshFrames, { timeout: 10_000, intervals: [250] }).toBeGreaterThan(0);
  const after = await freshFrames();
  await expect.poll(freshFrames, { timeout: 10_000 }).toBeGreaterThan(after);
  await expectReceivingFrom(expert.page, [(await userIdOf(doctor.page))!]);
  for (const participant of [expert, doctor]) await participant.context.close();
});

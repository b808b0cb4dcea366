import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { io } from "socket.io-client";
import { test, type TestData } from "./data";
import { pageApi, SIGN_IN_TIMEOUT, signInAs } from "./fixtures";

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

/** A room scheduled now by a coordinator of the test's own, with the given hosts and participants (usernames). */
async function createRoom(browser: Browser, data: TestData, hosts: string[], participants: string[]): Promise<string> {
  const { context, page } = await signedInPage(browser, (await data.coordinator()).username);
  const start = new Date();
  const response = await pageApi(page).post("/api/video/rooms", {
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
const displayNameOf = (page: Page) =>
  page.evaluate(() => {
    const state = window.__video?.client.state;
    return state?.participants.find((participant) => participant.userId === state.userId)?.displayName ?? "";
  });

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

/** A new room with a fresh specialist as host and a fresh county doctor admitted from the lobby, both in the call. */
async function hostAndDoctorInCall(browser: Browser, data: TestData) {
  const [host, guest] = await Promise.all([data.specialist(null), data.countyDoctor()]);
  const roomId = await createRoom(browser, data, [host.username], [guest.username]);
  const expert = await signedInPage(browser, host.username);
  const doctor = await signedInPage(browser, guest.username);
  await join(expert.page, roomId);
  await expect(expert.page.getByTestId("video-room")).toBeVisible({ timeout: 20_000 });
  await join(doctor.page, roomId);
  await admit(expert.page, doctor.page);
  return { roomId, expert, doctor };
}

test("two, then three participants see and hear each other; lobby, mute, screen share and chat work", async ({ browser, data }) => {
  const [host, guest, guest2] = await Promise.all([data.specialist(null), data.countyDoctor(), data.countyDoctor("ZJXPH")]);
  const roomId = await createRoom(browser, data, [host.username], [guest.username, guest2.username]);
  const expert = await signedInPage(browser, host.username);
  const doctor = await signedInPage(browser, guest.username);
  const doctor2 = await signedInPage(browser, guest2.username);

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

/** Pixels in the pen's orange (#e8590c) within `radius` pixels of (x, y), given as fractions of the picture. */
function inkNear(source: HTMLCanvasElement | HTMLImageElement, [x, y, radius]: [number, number, number]): number {
  const canvas = document.createElement("canvas");
  canvas.width = source instanceof HTMLImageElement ? source.naturalWidth : source.width;
  canvas.height = source instanceof HTMLImageElement ? source.naturalHeight : source.height;
  const context = canvas.getContext("2d");
  if (!context || !canvas.width || !canvas.height) return 0;
  context.drawImage(source, 0, 0);
  const [cx, cy] = [Math.round(x * canvas.width), Math.round(y * canvas.height)];
  const { data } = context.getImageData(Math.max(0, cx - radius), Math.max(0, cy - radius), radius * 2, radius * 2);
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]! > 128 && Math.abs(data[i]! - 232) < 40 && Math.abs(data[i + 1]! - 89) < 40 && Math.abs(data[i + 2]! - 12) < 40) count += 1;
  }
  return count;
}

type RecordJson = { sessions: { endedAt: string | null }[]; snapshots: { id: string; authorName: string }[] };

/** Where the picture shows inside a media element with object-fit: contain, in page pixels. */
function pictureRect(media: HTMLImageElement | HTMLVideoElement): { x: number; y: number; width: number; height: number } {
  const box = media.getBoundingClientRect();
  const [width, height] = media instanceof HTMLImageElement ? [media.naturalWidth, media.naturalHeight] : [media.videoWidth, media.videoHeight];
  const scale = Math.min(box.width / width, box.height / height);
  return { x: box.x + (box.width - width * scale) / 2, y: box.y + (box.height - height * scale) / 2, width: width * scale, height: height * scale };
}

/** Ink on a page's annotation canvas at a point of the frozen picture it lies over. */
async function inkOnFrozenPicture(page: Page, [x, y, radius]: [number, number, number]): Promise<number> {
  const picture = await page.locator("img[data-frozen-frame]").evaluate(pictureRect);
  const canvas = page.getByTestId("annotation-canvas");
  const box = (await canvas.boundingBox())!;
  const at: [number, number, number] = [(picture.x + x * picture.width - box.x) / box.width, (picture.y + y * picture.height - box.y) / box.height, radius];
  return canvas.evaluate(inkNear, at);
}

test("host tools: a pen stroke on a frozen frame reaches the participant, the annotated snapshot is saved, mute, remove and end for everyone", async ({ browser, data }) => {
  // Five scenarios on one call (two sign-ins, screen share): about two minutes on a busy 2-core machine.
  test.setTimeout(300_000);
  const { roomId, expert, doctor } = await hostAndDoctorInCall(browser, data);
  const doctorId = (await userIdOf(doctor.page))!;
  const [expertName, doctorName] = [await displayNameOf(expert.page), await displayNameOf(doctor.page)];
  expect(expertName && doctorName).toBeTruthy();
  await expectReceivingFrom(expert.page, [doctorId]);
  const middle: [number, number, number] = [0.4, 0.45, 6];

  await test.step("the host draws on a frozen frame of the shared screen; the participant sees the stroke on the same spot", async () => {
    await expert.page.getByTestId("toggle-screen").click();
    await expect.poll(() => expert.page.getByTestId("screen-video").evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    await expert.page.getByTestId("freeze-frame").click();
    const frozen = expert.page.locator("img[data-frozen-frame]");
    await expect.poll(() => doctor.page.locator("img[data-frozen-frame]").evaluate((image: HTMLImageElement) => image.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    // From 20 %/30 % to 60 %/60 % of the picture (not of the stage), through the middle point.
    const picture = await frozen.evaluate(pictureRect);
    await expert.page.mouse.move(picture.x + picture.width * 0.2, picture.y + picture.height * 0.3);
    await expert.page.mouse.down();
    await expert.page.mouse.move(picture.x + picture.width * 0.6, picture.y + picture.height * 0.6, { steps: 6 });
    await expert.page.mouse.up();
    await expect(expert.page.getByTestId("annotation-canvas")).toHaveAttribute("data-stroke-count", "1");
    await expect(doctor.page.getByTestId("annotation-canvas")).toHaveAttribute("data-stroke-count", "1", { timeout: 10_000 });
    await expect.poll(() => inkOnFrozenPicture(doctor.page, middle)).toBeGreaterThan(0);
    expect(await inkOnFrozenPicture(doctor.page, [0.8, 0.15, 6])).toBe(0);
  });

  await test.step("the host saves the annotated snapshot: the server keeps it as a PNG in the room's record", async () => {
    await expert.page.getByTestId("save-snapshot").click();
    await expect(expert.page.getByTestId("snapshot-status")).toContainText("截图已保存到会诊记录");
    const { snapshots } = (await (await expert.page.request.get(`/api/video/rooms/${roomId}/record`)).json()) as RecordJson;
    expect(snapshots).toEqual([expect.objectContaining({ authorName: expertName })]);
    const png = await expert.page.request.get(`/api/video/rooms/${roomId}/snapshots/${snapshots[0]!.id}`);
    expect(png.headers()["content-type"]).toBe("image/png");
    const bytes = await png.body();
    expect(bytes.length).toBeGreaterThan(1_000);
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");

    // Back to the live screen for both, then the share stops.
    await expert.page.getByTestId("unfreeze-frame").click();
    for (const page of [expert.page, doctor.page]) {
      await expect.poll(() => page.getByTestId("screen-video").evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    }
    await expert.page.getByTestId("toggle-screen").click();
    await expect(doctor.page.getByTestId("screen-stage")).toBeHidden({ timeout: 20_000 });
  });

  await test.step("the host mutes the participant: told so, mic off, their audio stops reaching the host; they can unmute", async () => {
    await expert.page.getByTestId("tab-people").click();
    await expert.page.getByTestId(`mute-${doctorId}`).click();
    await expect(doctor.page.getByRole("status").filter({ hasText: `${expertName} 已将您静音` })).toBeVisible();
    await expect(doctor.page.getByTestId("toggle-mic")).toHaveAttribute("aria-pressed", "true");
    await expect(expert.page.getByTestId(`tile-${doctorId}`).getByTestId("muted-badge")).toBeVisible();
    const audioFromDoctor = async () => (await stats(expert.page)).filter((row) => row.userId === doctorId && row.kind === "audio").reduce((sum, row) => sum + row.packetsReceived, 0);
    await expect
      .poll(
        async () => {
          const before = await audioFromDoctor();
          await expert.page.waitForTimeout(1_500);
          return (await audioFromDoctor()) - before;
        },
        { timeout: 20_000 },
      )
      .toBe(0);

    // They may speak again when they choose: the notice goes and their audio flows again.
    await doctor.page.getByTestId("toggle-mic").click();
    await expect(doctor.page.getByText(`${expertName} 已将您静音`)).toBeHidden();
    await expect(expert.page.getByTestId(`tile-${doctorId}`).getByTestId("muted-badge")).toBeHidden();
    const unmutedAt = await audioFromDoctor();
    await expect.poll(audioFromDoctor, { timeout: 20_000 }).toBeGreaterThan(unmutedAt);
  });

  await test.step("the host removes the participant, who is told and cannot come back into this sitting", async () => {
    await expect(expert.page.getByTestId("participant-list")).toContainText(doctorName);
    await expert.page.getByTestId(`remove-${doctorId}`).click();
    await expert.page.getByTestId(`remove-${doctorId}-confirm`).click();
    await expect(doctor.page.getByTestId("video-ended")).toContainText("主持人已将您移出本场会诊");
    await expect(expert.page.getByTestId("participant-list")).not.toContainText(doctorName);
    await expect(expert.page.getByTestId(`tile-${doctorId}`)).toHaveCount(0);
    await join(doctor.page, roomId);
    await expect(doctor.page.getByTestId("video-ended")).toContainText("您已被主持人移出本场会诊", { timeout: 20_000 });
  });

  await test.step("the host ends the session for everyone after confirming; the record shows when, by whom, and the snapshot with its stroke", async () => {
    await expert.page.getByTestId("end-for-all").click();
    await expect(expert.page.getByRole("dialog", { name: /确定为所有人结束本场会诊吗/ })).toBeVisible();
    await expert.page.getByTestId("end-for-all-confirm").click();
    await expect(expert.page.getByTestId("video-ended")).toContainText("您已为所有人结束本场会诊");
    await doctor.page.goto(`/video/${roomId}`);
    await expect(doctor.page.getByTestId("video-refused")).toContainText("该视频会诊已由主持人结束");
    await expert.page.getByTestId("view-record").click();
    await expect(expert.page.getByTestId("record-status")).toHaveText("已结束");
    const sitting = expert.page.getByTestId("record-session");
    await expect(sitting).toHaveCount(1);
    await expect(sitting.getByTestId("session-ended-at").locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
    await expect(sitting.getByTestId("session-ended-by")).toContainText(`${expertName} 为所有人结束`);
    await expect(sitting.getByRole("row", { name: new RegExp(doctorName) })).toContainText("被主持人移出");
    const snapshots = expert.page.getByTestId("record-snapshots").getByRole("listitem");
    await expect(snapshots).toHaveCount(1);
    await expect(snapshots.first()).toContainText(expertName);
    const image = snapshots.first().getByRole("img");
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => (element.complete ? element.naturalWidth : 0))).toBeGreaterThan(0);
    expect(await image.evaluate(inkNear, middle)).toBeGreaterThan(0);
    const record = (await (await expert.page.request.get(`/api/video/rooms/${roomId}/record`)).json()) as RecordJson;
    expect(record.sessions).toHaveLength(1);
    expect(Date.parse(record.sessions[0]!.endedAt ?? "")).toBeGreaterThan(Date.now() - 300_000);
  });
  for (const participant of [expert, doctor]) await participant.context.close();
});

test("outsiders are refused: not a participant, and a forged join token at the socket", async ({ browser, baseURL, data }) => {
  const [host, guest, outsiderAccount] = await Promise.all([data.specialist(null), data.countyDoctor(), data.countyDoctor("ZJXPH")]);
  const roomId = await createRoom(browser, data, [host.username], [guest.username]);
  const outsider = await signedInPage(browser, outsiderAccount.username);
  await outsider.page.goto(`/video/${roomId}`);
  await expect(outsider.page.getByTestId("video-refused")).toContainText("您不是该会诊的参会人");
  const tokenResponse = await pageApi(outsider.page).post(`/api/video/rooms/${roomId}/token`);
  expect(tokenResponse.status()).toBe(403);

  const cookie = (await outsider.context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const socket = io(`${baseURL}/media`, { transports: ["websocket"], extraHeaders: { cookie }, auth: { token: "v1.forged.signature", roomId }, reconnection: false });
  const refusal = await new Promise<{ message: string; data?: { code: string } }>((resolve) => socket.once("connect_error", resolve));
  socket.close();
  expect(refusal.data?.code).toBe("JOIN_TOKEN_REFUSED");
  expect(refusal.message).toContain("入会凭证无效");
  await outsider.context.close();
});

test("killing the SFU worker mid-call brings video back within 10 seconds", async ({ browser, request, data }) => {
  const { expert, doctor } = await hostAndDoctorInCall(browser, data);
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

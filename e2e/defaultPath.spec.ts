/**
 * The path a newcomer gets. `npm start` with no DATABASE_URL runs on the embedded database
 * (PGlite); the same checks run against PostgreSQL. On the embedded database bookings and terminal
 * verifications used to answer 500 after the first few ("prepared statement … already exists"):
 * these tests book 20 consultations one after another from separate sessions and verify 200 codes,
 * then, on the embedded default, import a small visit-card file and join a video room.
 */
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { EMBEDDED_PORT, PG_PORT } from "../playwright.config";
import { pageApi, signedInPage, withCheckCharacter } from "./fixtures";

const SERVERS = [
  { name: "embedded default (PGlite)", port: EMBEDDED_PORT },
  { name: "PostgreSQL", port: PG_PORT },
];
const BOOKINGS = 20;
const VERIFICATIONS = 200;

interface Session {
  context: BrowserContext;
  page: Page;
  api: APIRequestContext;
}

/** Signs in through the sign-in page, in a browser context (and so a session) of its own. */
async function session(browser: Browser, base: string, username: string): Promise<Session> {
  const page = await signedInPage(browser, username, { baseURL: base, permissions: ["camera", "microphone"] });
  return { context: page.context(), page, api: pageApi(page) };
}

async function ok<T>(response: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<T> {
  const text = await response.text();
  expect(response.status(), `${response.url()} answered ${response.status()}: ${text.slice(0, 300)}`).toBeLessThan(300);
  return JSON.parse(text) as T;
}

interface ConsultationView {
  id: string;
  version: number;
  status: string;
}

/** A consultation from the county doctor for the demo patient, with consent, submitted and assigned to the specialist. */
async function assignedConsultation(doctor: Session, coordinator: Session, residentId: string, expertId: string): Promise<string> {
  let c = await ok<ConsultationView>(
    await doctor.api.post("/api/consultations", {
      data: { residentId, type: "REMOTE_CONSULTATION", specialty: "CARD", urgency: "ROUTINE", clinicalSummary: "男，58 岁，活动后胸闷一月。", question: "是否需要进一步检查？" },
    }),
  );
  c = await ok<ConsultationView>(await doctor.api.post(`/api/consultations/${c.id}/consent`, { data: { method: "ON_SCREEN_SIGNATURE", givenBy: "患者本人", expectedVersion: c.version } }));
  c = await ok<ConsultationView>(await doctor.api.post(`/api/consultations/${c.id}/submit`, { data: { expectedVersion: c.version } }));
  c = await ok<ConsultationView>(await coordinator.api.post(`/api/consultations/${c.id}/assign`, { data: { expertId, expectedVersion: c.version } }));
  expect(c.status).toBe("ASSIGNED");
  return c.id;
}

/**
 * Free slots of the expert from four days ahead: the other end-to-end tests book the same demo
 * specialist and county doctor within the next hours, and must not find their time taken by these.
 */
async function laterSlots(coordinator: Session, expertId: string): Promise<string[]> {
  const slots = await ok<{ start: string }[]>(await coordinator.api.get(`/api/scheduling/slots?expertId=${expertId}&days=30`));
  const from = Date.now() + 4 * 86_400_000;
  return slots.map((slot) => slot.start).filter((start) => new Date(start).getTime() >= from);
}

/** Books the next candidate slot; one the county doctor is busy at (or another test took) is answered "taken", and the next is tried. */
async function bookNextFreeSlot(booker: Session, consultationId: string, candidates: string[]): Promise<ConsultationView> {
  while (candidates.length > 0) {
    const response = await booker.api.post(`/api/consultations/${consultationId}/book`, { data: { startsAt: candidates.shift() } });
    if (response.status() !== 409) return ok<ConsultationView>(response);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("SLOT_TAKEN");
  }
  throw new Error("the expert has no free slot left in the next 30 days");
}

for (const server of SERVERS) {
  test.describe(`the ${server.name}`, () => {
    const base = `http://localhost:${server.port}`;

    test(`books ${BOOKINGS} consultations one after another from separate sessions and verifies ${VERIFICATIONS} health-card codes`, async ({ browser }) => {
      test.setTimeout(300_000);
      const doctor = await session(browser, base, "county.doctor");
      // Bookings alternate between four sessions of two roles (each a separate sign-in).
      const bookers = [await session(browser, base, "coordinator"), await session(browser, base, "specialist"), await session(browser, base, "coordinator"), await session(browser, base, "specialist")];
      const coordinator = bookers[0]!;
      const expert = await ok<{ user: { id: string } }>(await bookers[1]!.api.get("/api/auth/session"));
      const [resident] = await ok<{ id: string }[]>(await doctor.api.get("/api/consultations/patients?q=WH20190001"));
      expect(resident?.id).toBeTruthy();

      const candidates = await laterSlots(coordinator, expert.user.id);
      expect(candidates.length).toBeGreaterThanOrEqual(BOOKINGS);
      for (let i = 0; i < BOOKINGS; i++) {
        const id = await assignedConsultation(doctor, coordinator, resident!.id, expert.user.id);
        const booked = await bookNextFreeSlot(bookers[i % bookers.length]!, id, candidates);
        expect(booked.status, `booking ${i + 1} of ${BOOKINGS}`).toBe("SCHEDULED");
      }

      // A terminal of the county hospital, and the demo patient's dynamic codes, each used once.
      const admin = await session(browser, base, "inst.admin");
      const station = `SMOKE${Date.now().toString(36).toUpperCase()}`.slice(0, 20);
      const { token, terminal } = await ok<{ token: string; terminal: { code: string } }>(await admin.api.post("/api/admin/terminals", { data: { code: station, name: "冒烟测试挂号窗口" } }));
      const patient = await session(browser, base, "patient");
      // A dynamic code is fixed for its second and verifies once; the static code verifies every time.
      const verify = (code: string) =>
        admin.api.post("/api/v1/health-card/verify", { headers: { authorization: `Bearer ${token}` }, data: { code, terminalId: terminal.code, step: "registration" } });
      const outcomes: number[] = [];
      let previous = "";
      for (let round = 0; round < 10; round++) {
        let codes = await ok<{ dynamic: { code: string }; static: string }>(await patient.api.get("/api/health-card/qr"));
        while (codes.dynamic.code === previous) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          codes = await ok<{ dynamic: { code: string }; static: string }>(await patient.api.get("/api/health-card/qr"));
        }
        previous = codes.dynamic.code;
        const first = await verify(codes.dynamic.code);
        expect(await first.json()).toMatchObject({ codeKind: "dynamic", resident: { name: "张*" } });
        outcomes.push(first.status());
        const replay = await verify(codes.dynamic.code);
        expect(replay.status()).toBe(422);
        expect(await replay.json()).toMatchObject({ error: { code: "QR_REPLAYED" } });
        const statics = await Promise.all(Array.from({ length: VERIFICATIONS / 10 - 1 }, () => verify(codes.static)));
        for (const answer of statics) outcomes.push(answer.status());
      }
      expect(outcomes).toHaveLength(VERIFICATIONS);
      expect(outcomes.filter((status) => status === 200)).toHaveLength(VERIFICATIONS);

      for (const s of [doctor, ...bookers, admin, patient]) await s.context.close();
    });
  });
}

test.describe("the embedded default (PGlite), further", () => {
  const base = `http://localhost:${EMBEDDED_PORT}`;

  test("imports a small visit-card file with a progress report, and two people meet in a video room", async ({ browser }) => {
    test.setTimeout(180_000);
    const admin = await session(browser, base, "inst.admin");
    const prefix = `SM${Date.now().toString(36).toUpperCase()}`;
    const sequence = 100 + Math.floor(Math.random() * 800);
    const rows = [
      "就诊卡号,姓名,证件类型,证件号码,手机号码",
      `${prefix}1,冒烟一,居民身份证,${withCheckCharacter(`44142419800101${sequence}`)},13800000001`,
      `${prefix}2,冒烟二,居民身份证,${withCheckCharacter(`44142419810202${sequence}`)},`,
      `${prefix}3,冒烟三,居民身份证,12345,`,
    ];
    const job = await ok<{ id: string }>(
      await admin.api.post("/api/admin/imports", { multipart: { file: { name: "smoke.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\r\n"), "utf8") } } }),
    );
    await expect
      .poll(async () => (await ok<{ status: string }>(await admin.api.get(`/api/admin/imports/${job.id}`))).status, { timeout: 30_000 })
      .toBe("DONE");
    const done = await ok<{ createdCount: number; errorCount: number }>(await admin.api.get(`/api/admin/imports/${job.id}`));
    expect(done).toMatchObject({ createdCount: 2, errorCount: 1 });
    await admin.page.goto("/admin/import");
    await expect(admin.page.getByText("smoke.csv").first()).toBeVisible();

    // A room hosted by the specialist; the county doctor waits in the lobby, is admitted, and both see each other's video.
    const coordinator = await session(browser, base, "coordinator");
    const start = new Date();
    const room = await coordinator.api.post("/api/video/rooms", {
      data: { title: `冒烟测试 ${start.getTime()}`, scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 3_600_000).toISOString(), hostUsernames: ["specialist"], participantUsernames: ["county.doctor"] },
    });
    expect(room.status()).toBe(201);
    const { id: roomId } = (await room.json()) as { id: string };
    const host = await session(browser, base, "specialist");
    const guest = await session(browser, base, "county.doctor");
    await host.page.goto(`/video/${roomId}`);
    await host.page.getByTestId("join-button").click();
    await expect(host.page.getByTestId("video-room")).toBeVisible({ timeout: 20_000 });
    await guest.page.goto(`/video/${roomId}`);
    await guest.page.getByTestId("join-button").click();
    await expect(guest.page.getByTestId("video-waiting")).toBeVisible({ timeout: 20_000 });
    await host.page.getByTestId("tab-people").click();
    await host.page.getByTestId("admit").first().click();
    await expect(guest.page.getByTestId("video-room")).toBeVisible({ timeout: 20_000 });
    const framesFromOthers = (page: Page) =>
      page.evaluate(async () => {
        const rows = ((await window.__video?.stats()) ?? []) as { userId: string; kind: string; framesDecoded: number }[];
        const self = window.__video?.client.state.userId;
        return rows.filter((row) => row.kind === "video" && row.userId !== self).reduce((sum, row) => sum + row.framesDecoded, 0);
      });
    await expect.poll(() => framesFromOthers(guest.page), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => framesFromOthers(host.page), { timeout: 30_000 }).toBeGreaterThan(0);

    for (const s of [admin, coordinator, host, guest]) await s.context.close();
  });
});

/**
 * The path a newcomer gets. `npm start` with no DATABASE_URL runs on the embedded database
 * (PGlite); the same checks run against PostgreSQL. On the embedded database bookings and terminal
 * verifications used to answer 500 after the first few ("prepared statement … already exists"):
 * these tests book 20 consultations one after another from separate sessions and verify 200 codes,
 * then, on the embedded default, import a small visit-card file and join a video room.
 */
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { EMBEDDED_PORT, PG_PORT } from "../playwright.config";
import { maskedName, registerResident, setWeeklyCalendar, test, type TestData } from "./data";
import { pageApi, signedInPage, withCheckCharacter } from "./fixtures";

/**
 * On PostgreSQL every person in these tests is the test's own (e2e/data.ts). The embedded
 * database lives inside its server's process, where a test cannot write accounts (PGlite serves
 * every connection from one session, so another client's statements would land between the
 * server's own): there the demo staff accounts book, for a resident this test registers.
 */
const SERVERS = [
  { name: "embedded default (PGlite)", port: EMBEDDED_PORT, ownAccounts: false },
  { name: "PostgreSQL", port: PG_PORT, ownAccounts: true },
];
/** The demo patients of the embedded server, one per concurrently running worker (parallelIndex). */
const DEMO_PATIENTS = [
  { username: "patient", name: "张三" },
  { username: "patient2", name: "李秀英" },
  { username: "patient3", name: "王小红" },
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

/** A consultation from the county doctor for the resident, with consent, submitted and assigned to the specialist. */
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

/** The expert's free slots in the next 30 days (at most 200). */
async function freeSlots(coordinator: Session, expertId: string): Promise<string[]> {
  const slots = await ok<{ start: string }[]>(await coordinator.api.get(`/api/scheduling/slots?expertId=${expertId}&days=30`));
  return slots.map((slot) => slot.start);
}

interface People {
  doctor: Session;
  /** Four sessions of two roles (each a separate sign-in): coordinator, specialist, coordinator, specialist. */
  bookers: Session[];
  expertId: string;
  residentId: string;
  admin: Session;
  /** A patient with a card, signed in, and the name on the card. */
  patient: Session;
  patientName: string;
}

async function people(browser: Browser, server: (typeof SERVERS)[number], data: TestData, parallelIndex: number): Promise<People> {
  const base = `http://localhost:${server.port}`;
  if (server.ownAccounts) {
    const [doctorAccount, coordinatorAccount, expertAccount, adminAccount] = await Promise.all([data.countyDoctor(), data.coordinator(), data.specialist("CARD"), data.institutionAdmin()]);
    const doctor = await session(browser, base, doctorAccount.username);
    const bookers = [];
    for (const account of [coordinatorAccount, expertAccount, coordinatorAccount, expertAccount]) bookers.push(await session(browser, base, account.username));
    await setWeeklyCalendar(bookers[1]!.page);
    const resident = await data.resident(doctor.page);
    const patient = await session(browser, base, resident.account.username);
    return { doctor, bookers, expertId: expertAccount.id, residentId: resident.residentId, admin: await session(browser, base, adminAccount.username), patient, patientName: resident.name };
  }
  // Concurrent repeats of this test book the same demo expert: a slot the other took is answered "taken" and the next is tried.
  const doctor = await session(browser, base, "county.doctor");
  const bookers = [];
  for (const username of ["coordinator", "specialist", "coordinator", "specialist"]) bookers.push(await session(browser, base, username));
  const expert = await ok<{ user: { id: string } }>(await bookers[1]!.api.get("/api/auth/session"));
  const resident = await registerResident(doctor.page);
  // A dynamic code is the same for every request within its second: tests running at once verify codes of different patients.
  const demoPatient = DEMO_PATIENTS[parallelIndex % DEMO_PATIENTS.length]!;
  const patient = await session(browser, base, demoPatient.username);
  return { doctor, bookers, expertId: expert.user.id, residentId: resident.residentId, admin: await session(browser, base, "inst.admin"), patient, patientName: demoPatient.name };
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
    test(`books ${BOOKINGS} consultations one after another from separate sessions and verifies ${VERIFICATIONS} health-card codes`, async ({ browser, data }, testInfo) => {
      test.setTimeout(300_000);
      const { doctor, bookers, expertId, residentId, admin, patient, patientName } = await people(browser, server, data, testInfo.parallelIndex);
      const coordinator = bookers[0]!;

      const candidates = await freeSlots(coordinator, expertId);
      expect(candidates.length).toBeGreaterThanOrEqual(BOOKINGS);
      for (let i = 0; i < BOOKINGS; i++) {
        const id = await assignedConsultation(doctor, coordinator, residentId, expertId);
        const booked = await bookNextFreeSlot(bookers[i % bookers.length]!, id, candidates);
        expect(booked.status, `booking ${i + 1} of ${BOOKINGS}`).toBe("SCHEDULED");
      }

      // A terminal of the county hospital, and the patient's dynamic codes, each used once.
      const station = `SMOKE${Date.now().toString(36).toUpperCase()}`.slice(0, 20);
      const { token, terminal } = await ok<{ token: string; terminal: { code: string } }>(await admin.api.post("/api/admin/terminals", { data: { code: station, name: "冒烟测试挂号窗口" } }));
      // Each card-page fetch issues a fresh dynamic code, which verifies once, for any care step;
      // the static code only identifies (QR_CODE_STEPS' default), within the terminal's static limit.
      const verify = (code: string, step: "registration" | "identification") =>
        admin.api.post("/api/v1/health-card/verify", { headers: { authorization: `Bearer ${token}` }, data: { code, terminalId: terminal.code, step } });
      const outcomes: number[] = [];
      const dynamicPerRound = VERIFICATIONS / 10 - 1;
      for (let round = 0; round < 10; round++) {
        const cards = await Promise.all(
          Array.from({ length: dynamicPerRound }, async () => ok<{ dynamic: { code: string }; static: string }>(await patient.api.get("/api/health-card/qr"))),
        );
        const dynamics = cards.map((card) => card.dynamic.code);
        expect(new Set(dynamics).size).toBe(dynamicPerRound);
        const staticCode = cards[0]!.static;
        const answers = await Promise.all([...dynamics.map((code) => verify(code, "registration")), verify(staticCode, "identification")]);
        for (const answer of answers) outcomes.push(answer.status());
        expect(await answers[0]!.json()).toMatchObject({ codeKind: "dynamic", resident: { name: maskedName(patientName) } });
        expect(await answers.at(-1)!.json()).toMatchObject({ codeKind: "static", resident: { name: maskedName(patientName) } });
        const replay = await verify(dynamics[0]!, "registration");
        expect(replay.status()).toBe(422);
        expect(await replay.json()).toMatchObject({ error: { code: "QR_REPLAYED" } });
        const staticForRegistration = await verify(staticCode, "registration");
        expect(staticForRegistration.status()).toBe(422);
        expect(await staticForRegistration.json()).toMatchObject({ error: { code: "QR_STATIC_NOT_ALLOWED" } });
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
      await admin.api.post("/api/admin/imports", { multipart: { file: { name: `${prefix}.csv`, mimeType: "text/csv", buffer: Buffer.from(rows.join("\r\n"), "utf8") } } }),
    );
    await expect
      .poll(async () => (await ok<{ status: string }>(await admin.api.get(`/api/admin/imports/${job.id}`))).status, { timeout: 30_000 })
      .toBe("DONE");
    const done = await ok<{ createdCount: number; errorCount: number }>(await admin.api.get(`/api/admin/imports/${job.id}`));
    expect(done).toMatchObject({ createdCount: 2, errorCount: 1 });
    await admin.page.goto("/admin/import");
    await expect(admin.page.getByText(`${prefix}.csv`)).toBeVisible();

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

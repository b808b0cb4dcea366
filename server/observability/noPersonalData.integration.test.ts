/**
 * No personal data in the logs (issue 14): a realistic day's flow through the platform's own
 * entry points in this process, with every line the logger writes captured at debug level, then
 * the captured text searched for each personal value the flow used. The flow: a failed and a
 * successful sign-in (next-auth's authorize, the code the sign-in route runs), a county doctor
 * registering a resident with ID number and phone at the window and requesting a consultation
 * with clinical text (the real apiRoute handlers behind handleHttpRequest, found from app/api as
 * Next finds them), a hospital terminal verifying the resident's card (the fast route), a refused
 * cross-site request, and a socket.io join of a video room with transports and producers (the real
 * /media signalling and SFU). The lines also show one request id per HTTP request and socket
 * message, carried into the SFU's own lines.
 */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLogLevel } from "@/lib/log";
import { authOptions } from "@/server/auth/nextAuth";
import { hashPassword } from "@/server/auth/password";
import { makeUser, makeWorld, type World } from "@/server/consultation/testing";
import { getDb } from "@/server/db/client";
import { setHealthCardKeys } from "@/server/healthcard/keyStore";
import { createStaticQrCode } from "@/server/healthcard/qr";
import { issueTerminal } from "@/server/healthcard/terminals";
import { makeResidentId, randomTestKeys } from "@/server/healthcard/testKeys";
import { ensureVideoRoom } from "@/server/video/rooms";
import { connected, connectMedia, createTestUser, FAKE_DTLS, fakeRtpParameters, request, startHarness, tokenFor, type Harness } from "@/server/video/testing";
import { signedInSession } from "@/server/auth/testing";
import { getConfig } from "@/server/config";
import { discoverApiRoutes, matchRoute, type ApiRouteEntry } from "@/test/fuzz/apiRoutes";
import { unique, useTestDatabase } from "@/test/db";
import { startHttpEntry, type HttpEntry } from "@/test/httpEntry";

const captured: string[] = [];
const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
let entry: HttpEntry;
let harness: Harness;
let world: World;
let routes: ApiRouteEntry[];

/** Every personal value the flow uses, by what it is. */
const secrets: Record<string, string> = {};

function capture(): void {
  const keep = (chunk: unknown) => {
    captured.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  };
  process.stdout.write = keep as typeof process.stdout.write;
  process.stderr.write = keep as typeof process.stderr.write;
}

function release(): void {
  process.stdout.write = writes.stdout;
  process.stderr.write = writes.stderr;
}

type LogLine = { msg: string; requestId?: string; connectionId?: string; module?: string } & Record<string, unknown>;
const lines = (): LogLine[] =>
  captured
    .join("")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);

beforeAll(async () => {
  await useTestDatabase();
  setHealthCardKeys(randomTestKeys());
  world = await makeWorld(getDb());
  ({ routes } = await discoverApiRoutes());
  entry = await startHttpEntry((req) => {
    const found = matchRoute(routes, req.method ?? "GET", new URL(req.url ?? "/", "http://platform").pathname);
    return found ? { route: found.route.handler, params: found.params } : undefined;
  });
  harness = await startHarness(getDb(), { rtcMinPort: 42000 });
  setLogLevel("debug");
  capture();
}, 120_000);

afterAll(async () => {
  release();
  setLogLevel("warn");
  await harness?.close();
  await entry?.close();
});

async function post(path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${entry.base}${path}`, { method: "POST", headers: { "content-type": "application/json", origin: getConfig().publicOrigins[0] as string, ...headers }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("no personal data reaches the logs", () => {
  it("sign-in, registration, consultation request, card verification and a video join log no name, ID or phone number, clinical text, token or password", async () => {
    const db = getDb();
    // Sign-in: a wrong password, then the right one.
    secrets.password = `Pw-${unique("pass")}!`;
    secrets.wrongPassword = `Wrong-${unique("pass")}!`;
    const username = unique("signin");
    secrets.username = username;
    await db.user.create({ data: { username, passwordHash: await hashPassword(secrets.password, { logN: 12, r: 8, p: 1 }), displayName: "登录测试医生", role: "COUNTY_DOCTOR", institutionId: world.institutionId } });
    const provider = authOptions().providers[0] as unknown as { options: { authorize(credentials: Record<string, string>, request: { headers: Record<string, string> }): Promise<{ sessionId: string }> } };
    await expect(provider.options.authorize({ username, password: secrets.wrongPassword }, { headers: {} })).rejects.toThrow("INVALID_CREDENTIALS");
    expect((await provider.options.authorize({ username, password: secrets.password }, { headers: {} })).sessionId).toEqual(expect.any(String));

    // The county doctor registers a resident at the window, with ID number and phone.
    const { cookie } = await signedInSession(world.doctor.id);
    secrets.sessionCookie = cookie.split("=")[1] as string;
    secrets.name = `欧阳${["晓", "春", "明"][randomInt(0, 3)]}${["丽", "华", "军"][randomInt(0, 3)]}`;
    secrets.docNumber = makeResidentId(2 * randomInt(0, 4000) + 1, "441424", "19650312");
    secrets.phone = `139${String(randomInt(0, 100_000_000)).padStart(8, "0")}`;
    secrets.visitCard = `WHT${randomInt(100_000, 999_999)}`;
    const registered = await post("/api/patients", { docType: "01", docNumber: secrets.docNumber, name: secrets.name, phone: secrets.phone, visitCardNumber: secrets.visitCard }, { cookie, "x-request-id": "pii-register-1" });
    expect(registered.status, JSON.stringify(registered.json)).toBe(200);
    const { residentId } = registered.json as { residentId: string };
    const { cardId } = await db.healthCard.findUniqueOrThrow({ where: { residentId } });
    secrets.cardId = cardId;

    // … and asks the provincial hospital about them, with clinical text.
    secrets.clinicalSummary = `患者胸痛伴左肩放射痛三日，既往糖尿病史十二年 ${unique("case")}`;
    secrets.question = `是否建议行冠状动脉造影 ${unique("q")}`;
    const draft = await post("/api/consultations", { residentId, type: "REMOTE_CONSULTATION", specialty: "CARD", clinicalSummary: secrets.clinicalSummary, question: secrets.question }, { cookie });
    expect(draft.status, JSON.stringify(draft.json)).toBe(200);

    // A hospital terminal scans the resident's card.
    const hospital = await db.institution.create({ data: { code: unique("T").toUpperCase().replace(/_/g, ""), name: "测试医院", level: "COUNTY", regionCode: "441424" } });
    const admin = await makeUser(db, "INSTITUTION_ADMIN", hospital.id);
    const terminal = await issueTerminal(db, admin, { code: `W${randomInt(10, 99)}`, name: "挂号窗口" });
    secrets.terminalToken = terminal.token;
    secrets.qrCode = createStaticQrCode(cardId);
    const verified = await post("/api/v1/health-card/verify", { code: secrets.qrCode, terminalId: terminal.terminal.code, step: "identification" }, { authorization: `Bearer ${terminal.token}` });
    expect(verified.status, JSON.stringify(verified.json)).toBe(200);
    expect(JSON.stringify(verified.json)).toContain(cardId);

    // A forged cross-site request with the doctor's cookie is refused, and logged with its request id.
    const forged = await post("/api/consultations", { residentId }, { cookie, origin: "https://evil.example", "x-request-id": "pii-forged-1" });
    expect(forged.status).toBe(403);

    // A specialist joins a video room: transports and producers in the SFU.
    secrets.specialistName = `司马${["文", "武"][randomInt(0, 2)]}${["德", "清"][randomInt(0, 2)]}`;
    const specialist = await createTestUser(db, "SPECIALIST", secrets.specialistName);
    const start = new Date();
    const room = await ensureVideoRoom(db, { title: "心内科远程会诊", scheduledStart: start, scheduledEnd: new Date(start.getTime() + 3_600_000), hostUserIds: [specialist.id], participantUserIds: [] });
    secrets.joinToken = tokenFor(room.id, specialist, "HOST");
    secrets.videoCookie = specialist.cookie.split("=")[1] as string;
    const socket = connectMedia(harness.url, specialist, { token: secrets.joinToken, roomId: room.id });
    await connected(socket);
    const entered = await request(socket, "lobby:enter", { reconnectKey: `key-${unique("k")}` });
    expect(entered).toMatchObject({ ok: true, state: "admitted" });
    const joined = await request(socket, "media:join", { rtpCapabilities: entered.routerRtpCapabilities });
    expect(joined.ok).toBe(true);
    await request(socket, "transport:connect", { transportId: joined.sendTransport.id, dtlsParameters: FAKE_DTLS });
    expect((await request(socket, "produce", { transportId: joined.sendTransport.id, kind: "audio", rtpParameters: fakeRtpParameters("audio", 4242), source: "mic" })).ok).toBe(true);
    socket.close();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const text = captured.join("");
    // The flow was logged (so the search below searched something).
    expect(lines().length).toBeGreaterThan(10);
    for (const [what, value] of Object.entries(secrets)) {
      expect(value.length, what).toBeGreaterThanOrEqual(3);
      expect(text.includes(value), `${what} (${value}) appears in the logs`).toBe(false);
    }
    // Nor the ID number's birth-date part with its sequence, nor the phone number's last eight digits.
    expect(text).not.toContain(secrets.docNumber!.slice(6, 17));
    expect(text).not.toContain(secrets.phone!.slice(3));

    // One request id per HTTP request (the caller's when it sent a plain one) …
    expect(lines().filter((line) => line.requestId === "pii-forged-1").map((line) => line.msg)).toContain("cross-site request refused");
    // … and per socket message, derived from its connection's, on the SFU's lines too.
    const transportLine = lines().find((line) => line.msg === "sfu.transportCreated");
    expect(transportLine?.requestId).toMatch(/^[\w-]+\.\d+$/);
    expect(transportLine?.requestId?.startsWith(`${transportLine?.connectionId}.`)).toBe(true);
    const messageLine = lines().find((line) => line.msg === "video.message" && line.message === "media:join");
    expect(messageLine?.requestId).toBe(transportLine?.requestId);
    expect(lines().find((line) => line.msg === "video.connected")?.requestId).toBe(transportLine?.connectionId);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/auth/signIn";
import { signedInSession } from "@/server/auth/testing";
import { getPlatform } from "@/server/platform";
import { getDb } from "@/server/db/client";
import { waitFor } from "@/server/sfu/testing";
import { useTestDatabase } from "@/test/db";
import { readSessionRecord, saveSnapshot } from "./record";
import { ensureVideoRoom } from "./rooms";
import {
  connected,
  connectMedia,
  createTestUser,
  FAKE_DTLS,
  fakeRtpParameters,
  nextEvent,
  request,
  startHarness,
  TEST_JOIN_TOKEN_SECRET,
  TEST_SECRET,
  tokenFor,
  type Harness,
  type TestUser,
} from "./testing";
import { createJoinToken } from "./tokens";

let harness: Harness;
let expert: TestUser;
let doctor: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  await useTestDatabase();
  harness = await startHarness(getDb(), { rtcMinPort: 43000 });
  expert = await createTestUser(getDb(), "SPECIALIST", "王专家");
  doctor = await createTestUser(getDb(), "COUNTY_DOCTOR", "李医生");
  outsider = await createTestUser(getDb(), "COUNTY_DOCTOR", "外院医生");
});
afterAll(async () => {
  await harness?.close();
});

async function newRoom(): Promise<string> {
  const start = new Date();
  const room = await ensureVideoRoom(getDb(), {
    title: "心内科远程会诊",
    scheduledStart: start,
    scheduledEnd: new Date(start.getTime() + 30 * 60_000),
    hostUserIds: [expert.id],
    participantUserIds: [doctor.id],
  });
  return room.id;
}

async function enter(user: TestUser, roomId: string, role: "HOST" | "PARTICIPANT") {
  const socket = connectMedia(harness.url, user, { token: tokenFor(roomId, user, role), roomId });
  await connected(socket);
  const entered = await request(socket, "lobby:enter", { reconnectKey: `key-${user.id}` });
  return { socket, entered };
}

describe("join tokens at the /media namespace", () => {
  it("refuses a forged, an expired, another room's and another user's token with a clear message", async () => {
    const roomId = await newRoom();
    const otherRoomId = await newRoom();
    const good = tokenFor(roomId, doctor, "PARTICIPANT");
    const forged = good.slice(0, -4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
    const expired = createJoinToken(TEST_JOIN_TOKEN_SECRET, { roomId, userId: doctor.id, role: "PARTICIPANT" }, Date.now() - 10 * 60_000);
    const cases: [TestUser, string, string, RegExp][] = [
      [doctor, forged, roomId, /入会凭证无效/],
      [doctor, "not-a-token", roomId, /入会凭证无效/],
      [doctor, expired, roomId, /已过期/],
      [doctor, tokenFor(otherRoomId, doctor, "PARTICIPANT"), roomId, /另一场会诊/],
      [outsider, good, roomId, /不属于当前登录的账号/],
    ];
    for (const [user, token, room, message] of cases) {
      const socket = connectMedia(harness.url, user, { token, roomId: room });
      await expect(connected(socket)).rejects.toMatchObject({ message: expect.stringMatching(message), data: { code: "JOIN_TOKEN_REFUSED" } });
      socket.close();
    }
  });

  it("a signed-out session closes its open /media socket at once, with a message; its cookie is then refused", async () => {
    const roomId = await newRoom();
    const session = await signedInSession(doctor.id, { secret: TEST_SECRET, locale: "zh-CN" });
    const tab = { ...doctor, cookie: session.cookie };
    const socket = connectMedia(harness.url, tab, { token: tokenFor(roomId, doctor, "PARTICIPANT"), roomId });
    await connected(socket);
    const told = nextEvent<{ message: string }>(socket, "session:ended");
    const closed = new Promise((resolve) => socket.once("disconnect", resolve));
    await getPlatform().sessions.revoke(session.sessionId, "signed_out");
    expect((await told).message).toMatch(/登录已失效/);
    expect(await closed).toBe("io server disconnect");
    const again = connectMedia(harness.url, tab, { token: tokenFor(roomId, doctor, "PARTICIPANT"), roomId });
    await expect(connected(again)).rejects.toMatchObject({ data: { code: "SESSION_EXPIRED", message: expect.stringMatching(/登录已失效/) } });
    again.close();
  });

  it("refuses a connection without a session", async () => {
    const roomId = await newRoom();
    const socket = connectMedia(harness.url, { ...doctor, cookie: "" }, { token: tokenFor(roomId, doctor, "PARTICIPANT"), roomId });
    await expect(connected(socket)).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
    socket.close();
  });
});

describe("lobby, media, chat and the session record", () => {
  it("admits from the lobby, forwards media, saves chat and records attendance", async () => {
    const roomId = await newRoom();
    const host = await enter(expert, roomId, "HOST");
    expect(host.entered).toMatchObject({ ok: true, state: "admitted", role: "HOST" });
    expect(host.entered.routerRtpCapabilities.codecs.length).toBeGreaterThan(0);

    const lobbyUpdate = nextEvent<{ waiting: { userId: string }[] }>(host.socket, "lobby:update");
    const guest = await enter(doctor, roomId, "PARTICIPANT");
    expect(guest.entered).toMatchObject({ ok: true, state: "waiting" });
    expect((await lobbyUpdate).waiting.map((w) => w.userId)).toEqual([doctor.id]);

    // A waiting participant can do nothing in the room yet; nor can they act as host.
    expect(await request(guest.socket, "media:join", { rtpCapabilities: {} })).toMatchObject({ ok: false, error: { code: "LOBBY_STATE", message: "请等待主持人允许您进入。" } });
    expect(await request(guest.socket, "host:admit", { userId: doctor.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    // Bad input gets a validation error, never a crash.
    expect(await request(guest.socket, "chat:send", { body: 42 })).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });
    expect(await request(host.socket, "host:admit", {})).toMatchObject({ ok: false, error: { code: "VALIDATION_FAILED" } });

    const admitted = nextEvent<{ routerRtpCapabilities: { codecs: unknown[] } }>(guest.socket, "lobby:admitted");
    expect(await request(host.socket, "host:admit", { userId: doctor.id })).toMatchObject({ ok: true });
    const caps = (await admitted).routerRtpCapabilities;

    const hostJoin = await request(host.socket, "media:join", { rtpCapabilities: caps });
    expect(hostJoin).toMatchObject({ ok: true, producers: [] });
    expect(await request(host.socket, "transport:connect", { transportId: hostJoin.sendTransport.id, dtlsParameters: FAKE_DTLS })).toEqual({ ok: true });
    const announced = nextEvent<{ producerId: string; source: string }>(guest.socket, "producer:new");
    const guestJoin = await request(guest.socket, "media:join", { rtpCapabilities: caps });
    const produced = await request(host.socket, "produce", { transportId: hostJoin.sendTransport.id, kind: "video", rtpParameters: fakeRtpParameters("video", 1111), source: "camera" });
    expect(produced).toMatchObject({ ok: true, id: expect.any(String) });
    expect(await announced).toMatchObject({ producerId: produced.id, source: "camera", userId: expert.id });

    const consumed = await request(guest.socket, "consume", { producerId: produced.id });
    expect(consumed).toMatchObject({ ok: true, consumer: { producerId: produced.id, kind: "video", source: "camera", userId: expert.id } });
    expect(await request(guest.socket, "consumer:resume", { consumerId: consumed.consumer.id })).toEqual({ ok: true });
    expect(guestJoin.ok).toBe(true);
    expect(await request(guest.socket, "consume", { producerId: "no-such-producer" })).toMatchObject({ ok: false, error: { code: "PRODUCER_NOT_FOUND" } });
    expect(await request(guest.socket, "transport:connect", { transportId: guestJoin.recvTransport.id, dtlsParameters: { role: "client", fingerprints: "nope" } })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION_FAILED" },
    });

    const paused = nextEvent<{ producerId: string; paused: boolean }>(guest.socket, "producer:paused");
    expect(await request(host.socket, "producer:pause", { producerId: produced.id })).toEqual({ ok: true });
    expect(await paused).toEqual({ userId: expert.id, producerId: produced.id, paused: true });

    const chatSeen = nextEvent<{ body: string; authorName: string }>(host.socket, "chat:message");
    expect(await request(guest.socket, "chat:send", { body: "  患者血压 150/95  " })).toMatchObject({ ok: true, message: { body: "患者血压 150/95" } });
    expect(await chatSeen).toMatchObject({ body: "患者血压 150/95", authorName: "李医生" });
    expect(await request(guest.socket, "chat:send", { body: "   " })).toMatchObject({ ok: false, error: { message: "消息不能为空。" } });
    expect(await getDb().videoChatMessage.count({ where: { roomId } })).toBe(1);

    expect(await request(guest.socket, "host:end", {})).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const live = harness.signalling.rooms.get(roomId);
    const ended = nextEvent<{ message: string }>(guest.socket, "session:ended");
    expect(await request(host.socket, "host:end", {})).toEqual({ ok: true });
    expect((await ended).message).toBe("王专家 已结束本场会诊。");
    await live?.flush();
    expect(harness.signalling.rooms.has(roomId)).toBe(false);
    await waitFor(() => harness.registry.counts().transports === 0, 5_000, "media freed");

    const record = await getDb().videoSession.findMany({ where: { roomId }, include: { attendance: true } });
    expect(record).toHaveLength(1);
    expect(record[0]?.endedById).toBe(expert.id);
    const sittings = await getDb().videoAttendance.findMany({ where: { sessionId: record[0]!.id } });
    expect(sittings.map((row) => row.userId).sort()).toEqual([expert.id, doctor.id].sort());
    expect(sittings.every((row) => row.leftAt && row.leftReason === "ended")).toBe(true);
    expect((await getDb().videoRoom.findUnique({ where: { id: roomId } }))?.status).toBe("ENDED");
    host.socket.close();
    guest.socket.close();
  });

  it("lets the host remove a participant, who cannot come back in this sitting", async () => {
    const roomId = await newRoom();
    const host = await enter(expert, roomId, "HOST");
    const guest = await enter(doctor, roomId, "PARTICIPANT");
    const removed = nextEvent<{ message: string }>(guest.socket, "lobby:removed");
    expect(await request(host.socket, "host:remove", { userId: doctor.id })).toEqual({ ok: true });
    expect((await removed).message).toBe("主持人已将您移出本场会诊。");
    const again = await enter(doctor, roomId, "PARTICIPANT");
    expect(again.entered).toMatchObject({ ok: false, error: { code: "FORBIDDEN", message: expect.stringContaining("移出") } });
    expect(await request(host.socket, "host:remove", { userId: expert.id })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    for (const socket of [host.socket, guest.socket, again.socket]) socket.close();
  });
});

describe("the session record", () => {
  const asSession = (user: TestUser): SessionUser => ({ id: user.id, username: user.username, displayName: user.displayName, role: user.role, institutionId: null });

  /** Host and participant in media (admitted, transports made), which opens the sitting. */
  async function sitting(roomId: string) {
    const host = await enter(expert, roomId, "HOST");
    const guest = await enter(doctor, roomId, "PARTICIPANT");
    const admitted = nextEvent(guest.socket, "lobby:admitted");
    expect(await request(host.socket, "host:admit", { userId: doctor.id })).toEqual({ ok: true });
    await admitted;
    for (const { socket } of [host, guest]) expect(await request(socket, "media:join", { rtpCapabilities: host.entered.routerRtpCapabilities })).toMatchObject({ ok: true });
    return { host: host.socket, guest: guest.socket };
  }

  it("shows the end and who ended it as soon as the host's end-for-everyone is answered", async () => {
    const roomId = await newRoom();
    const { host, guest } = await sitting(roomId);
    const live = await readSessionRecord(getDb(), asSession(expert), roomId);
    expect(live.record.sessions).toEqual([expect.objectContaining({ endedAt: null, endedByName: null })]);

    const ended = nextEvent(guest, "session:ended");
    expect(await request(host, "host:end", {})).toEqual({ ok: true });
    await ended;
    // No flush: the ack itself waits for the record.
    const { room, record } = await readSessionRecord(getDb(), asSession(expert), roomId);
    expect(room.status).toBe("ENDED");
    expect(record.sessions).toHaveLength(1);
    const [session] = record.sessions;
    expect(Date.parse(session!.endedAt ?? "")).toBeGreaterThanOrEqual(Date.parse(session!.startedAt));
    expect(session!.endedByName).toBe("王专家");
    expect(session!.attendance.map((row) => [row.displayName, row.leftReason]).sort()).toEqual([
      ["李医生", "ended"],
      ["王专家", "ended"],
    ]);
    host.close();
    guest.close();
  });

  it("lists saved snapshots and who was removed; a sitting the last person left has no ender", async () => {
    const roomId = await newRoom();
    const { host, guest } = await sitting(roomId);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    const saved = await saveSnapshot(getDb(), { roomId, authorId: expert.id, png, annotations: [] });
    const removed = nextEvent(guest, "lobby:removed");
    expect(await request(host, "host:remove", { userId: doctor.id })).toEqual({ ok: true });
    await removed;
    host.disconnect();
    await expect.poll(async () => (await readSessionRecord(getDb(), asSession(expert), roomId)).record.sessions[0]?.endedAt ?? null).not.toBeNull();

    const { room, record } = await readSessionRecord(getDb(), asSession(doctor), roomId);
    expect(room.status).toBe("SCHEDULED");
    expect(record.snapshots).toEqual([{ id: saved.id, authorName: "王专家", caption: null, createdAt: saved.createdAt }]);
    expect(record.sessions[0]!.endedByName).toBeNull();
    expect(record.sessions[0]!.attendance.find((row) => row.userId === doctor.id)?.leftReason).toBe("removed");
    expect(await getDb().auditLog.count({ where: { action: "video.record.read", targetId: roomId, actorId: doctor.id } })).toBe(1);
    guest.close();
  });

  it("is refused to people who are not in the room", async () => {
    const roomId = await newRoom();
    await expect(readSessionRecord(getDb(), asSession(outsider), roomId)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(readSessionRecord(getDb(), asSession(outsider), "not-a-room")).rejects.toMatchObject({ code: "VIDEO_ROOM_NOT_FOUND", status: 404 });
  });
});

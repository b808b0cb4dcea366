import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { waitFor } from "@/server/sfu/testing";
import { useTestDatabase } from "@/test/db";
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
  useTestDatabase();
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
    const expired = createJoinToken(TEST_SECRET, { roomId, userId: doctor.id, role: "PARTICIPANT" }, Date.now() - 10 * 60_000);
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
    expect(await request(guest.socket, "consume", { producerId: "no-such-producer" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
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

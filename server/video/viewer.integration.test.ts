/**
 * The VIEWER role as the SFU enforces it, through real socket.io signalling against the real
 * mediasoup worker: a viewer receives but cannot produce (nor get a transport to send on) until a
 * host gives them the floor; taking the floor back closes their producers at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Socket as ClientSocket } from "socket.io-client";
import { getDb } from "@/server/db/client";
import { waitFor } from "@/server/sfu/testing";
import { useTestDatabase } from "@/test/db";
import type { ParticipantView } from "./protocol";
import { ensureVideoRoom } from "./rooms";
import { connected, connectMedia, createTestUser, FAKE_DTLS, fakeRtpParameters, nextEvent, request, startHarness, tokenFor, type Harness, type TestUser } from "./testing";

let harness: Harness;
let presenter: TestUser;
let viewer: TestUser;
let otherViewer: TestUser;

beforeAll(async () => {
  await useTestDatabase();
  harness = await startHarness(getDb(), { rtcMinPort: 45300 });
  presenter = await createTestUser(getDb(), "SPECIALIST", "主刀王医生");
  viewer = await createTestUser(getDb(), "COUNTY_DOCTOR", "学员李医生");
  otherViewer = await createTestUser(getDb(), "COUNTY_DOCTOR", "学员陈医生");
});
afterAll(async () => {
  await harness?.close();
});

async function broadcastRoom(): Promise<string> {
  const start = new Date();
  const room = await ensureVideoRoom(getDb(), {
    title: "腹腔镜胆囊切除术示教",
    scheduledStart: start,
    scheduledEnd: new Date(start.getTime() + 2 * 3_600_000),
    hostUserIds: [presenter.id],
    participantUserIds: [],
    viewerUserIds: [viewer.id, otherViewer.id],
  });
  return room.id;
}

async function inMedia(user: TestUser, roomId: string, role: "HOST" | "VIEWER") {
  const socket = connectMedia(harness.url, user, { token: tokenFor(roomId, user, role), roomId });
  await connected(socket);
  const entered = await request(socket, "lobby:enter", { reconnectKey: `key-${user.id}` });
  expect(entered, `${user.displayName} enters: ${JSON.stringify(entered.error)}`).toMatchObject({ ok: true, state: "admitted", role });
  const joined = await request(socket, "media:join", { rtpCapabilities: entered.routerRtpCapabilities });
  expect(joined.ok).toBe(true);
  return { socket, joined };
}

const viewerProducers = (roomId: string, userId: string) => [...(harness.registry.get(roomId)?.peers.get(userId)?.producers.values() ?? [])];
const sendTransports = (roomId: string, userId: string) =>
  [...(harness.registry.get(roomId)?.peers.get(userId)?.transports.values() ?? [])].filter((t) => (t.appData as { direction?: string }).direction === "send");

async function produceAudio(socket: ClientSocket, transportId: string, ssrc: number) {
  return request(socket, "produce", { transportId, kind: "audio", rtpParameters: fakeRtpParameters("audio", ssrc), source: "mic" });
}

describe("the viewer role at the SFU", () => {
  it("a viewer enters without a lobby, receives the presenter's media, and is refused every way of sending", async () => {
    const roomId = await broadcastRoom();
    const host = await inMedia(presenter, roomId, "HOST");
    await request(host.socket, "transport:connect", { transportId: host.joined.sendTransport.id, dtlsParameters: FAKE_DTLS });
    const camera = await request(host.socket, "produce", { transportId: host.joined.sendTransport.id, kind: "video", rtpParameters: fakeRtpParameters("video", 2001), source: "camera" });
    expect(camera.ok).toBe(true);

    const watcher = await inMedia(viewer, roomId, "VIEWER");
    // No transport to send on, a transport to receive on, the presenter's camera to consume.
    expect(watcher.joined.sendTransport).toBeNull();
    expect(watcher.joined.recvTransport.id).toEqual(expect.any(String));
    expect(watcher.joined.producers).toEqual([expect.objectContaining({ producerId: camera.id, userId: presenter.id, source: "camera" })]);
    const consumed = await request(watcher.socket, "consume", { producerId: camera.id });
    expect(consumed).toMatchObject({ ok: true, consumer: { producerId: camera.id, kind: "video" } });
    expect(await request(watcher.socket, "consumer:resume", { consumerId: consumed.consumer.id })).toEqual({ ok: true });

    const refusal = { ok: false, error: { code: "VIEWER_CANNOT_PUBLISH", message: "您以观看者身份进入，只能观看和收听；主持人给予发言权后才能发言。" } };
    // Producing on the receive transport, asking for a send transport, touching someone's producer, annotating: all refused by the policy.
    expect(await produceAudio(watcher.socket, watcher.joined.recvTransport.id, 3001)).toEqual(refusal);
    expect(await request(watcher.socket, "media:sendTransport", {})).toEqual(refusal);
    expect(await request(watcher.socket, "producer:pause", { producerId: camera.id })).toEqual(refusal);
    expect(await request(watcher.socket, "annotate", { type: "clear" })).toEqual(refusal);
    // Nor may a viewer moderate.
    expect(await request(watcher.socket, "floor:grant", { userId: viewer.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await request(watcher.socket, "host:end", {})).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(viewerProducers(roomId, viewer.id)).toEqual([]);
    expect(sendTransports(roomId, viewer.id)).toEqual([]);
    host.socket.close();
    watcher.socket.close();
  });

  it("the floor: granted → the viewer may send their voice (not their camera) → taken back → producer closed at once and sending refused again", async () => {
    const roomId = await broadcastRoom();
    const host = await inMedia(presenter, roomId, "HOST");
    const watcher = await inMedia(viewer, roomId, "VIEWER");
    const other = await inMedia(otherViewer, roomId, "VIEWER");

    expect(await request(host.socket, "floor:grant", { userId: presenter.id })).toMatchObject({ ok: false, error: { code: "NOT_A_VIEWER" } });
    expect(await request(host.socket, "floor:grant", { userId: "no-such-member" })).toMatchObject({ ok: false, error: { code: "ROOM_MEMBER_NOT_FOUND" } });

    const granted = nextEvent<{ video: boolean; message: string }>(watcher.socket, "floor:granted");
    const roster = nextEvent<{ participants: ParticipantView[] }>(other.socket, "participants");
    expect(await request(host.socket, "floor:grant", { userId: viewer.id })).toMatchObject({ ok: true, floor: { userId: viewer.id, video: false } });
    expect(await granted).toEqual({ video: false, message: "主刀王医生 已请您发言，麦克风已打开。" });
    expect((await roster).participants.find((p) => p.userId === viewer.id)).toMatchObject({ role: "VIEWER", floor: { video: false } });

    const send = await request(watcher.socket, "media:sendTransport", {});
    expect(send).toMatchObject({ ok: true, sendTransport: { id: expect.any(String) } });
    expect(await request(watcher.socket, "transport:connect", { transportId: send.sendTransport.id, dtlsParameters: FAKE_DTLS })).toEqual({ ok: true });
    const heard = nextEvent<{ userId: string; producerId: string }>(host.socket, "producer:new");
    const voice = await produceAudio(watcher.socket, send.sendTransport.id, 4001);
    expect(voice).toMatchObject({ ok: true, id: expect.any(String) });
    expect(await heard).toMatchObject({ userId: viewer.id, producerId: voice.id });
    // Audio only: the camera and a screen stay refused; the other viewer has no floor.
    expect(await request(watcher.socket, "produce", { transportId: send.sendTransport.id, kind: "video", rtpParameters: fakeRtpParameters("video", 4002), source: "camera" })).toMatchObject({
      ok: false,
      error: { code: "FLOOR_AUDIO_ONLY" },
    });
    expect(await request(watcher.socket, "produce", { transportId: send.sendTransport.id, kind: "video", rtpParameters: fakeRtpParameters("video", 4003), source: "screen" })).toMatchObject({
      ok: false,
      error: { code: "FLOOR_MIC_OR_CAMERA" },
    });
    expect(await request(other.socket, "media:sendTransport", {})).toMatchObject({ ok: false, error: { code: "VIEWER_CANNOT_PUBLISH" } });

    const revoked = nextEvent<{ message: string }>(watcher.socket, "floor:revoked");
    const closed = nextEvent<{ userId: string; producerId: string }>(host.socket, "producer:closed");
    expect(await request(host.socket, "floor:revoke", {})).toEqual({ ok: true, revoked: viewer.id });
    expect((await revoked).message).toBe("主刀王医生 已收回发言权，您的麦克风和摄像头已关闭。");
    expect(await closed).toEqual({ userId: viewer.id, producerId: voice.id });
    // Closed at once, on the server: no producer, no transport to send on.
    expect(viewerProducers(roomId, viewer.id)).toEqual([]);
    expect(sendTransports(roomId, viewer.id)).toEqual([]);
    expect(await produceAudio(watcher.socket, send.sendTransport.id, 4004)).toMatchObject({ ok: false, error: { code: "VIEWER_CANNOT_PUBLISH" } });
    expect(await request(watcher.socket, "media:sendTransport", {})).toMatchObject({ ok: false, error: { code: "VIEWER_CANNOT_PUBLISH" } });
    expect(await request(host.socket, "floor:revoke", {})).toEqual({ ok: true, revoked: null });
    for (const { socket } of [host, watcher, other]) socket.close();
  });

  it("one floor at a time: giving it to another viewer (with video) takes it from the first, whose media closes", async () => {
    const roomId = await broadcastRoom();
    const host = await inMedia(presenter, roomId, "HOST");
    const first = await inMedia(viewer, roomId, "VIEWER");
    const second = await inMedia(otherViewer, roomId, "VIEWER");
    await request(host.socket, "floor:grant", { userId: viewer.id });
    const send = await request(first.socket, "media:sendTransport", {});
    await request(first.socket, "transport:connect", { transportId: send.sendTransport.id, dtlsParameters: FAKE_DTLS });
    expect((await produceAudio(first.socket, send.sendTransport.id, 5001)).ok).toBe(true);

    const lost = nextEvent(first.socket, "floor:revoked");
    expect(await request(host.socket, "floor:grant", { userId: otherViewer.id, video: true })).toMatchObject({ ok: true, floor: { userId: otherViewer.id, video: true } });
    await lost;
    await waitFor(() => viewerProducers(roomId, viewer.id).length === 0, 5_000, "the first viewer's producer closed");
    expect(await request(first.socket, "media:sendTransport", {})).toMatchObject({ ok: false, error: { code: "VIEWER_CANNOT_PUBLISH" } });
    const secondSend = await request(second.socket, "media:sendTransport", {});
    await request(second.socket, "transport:connect", { transportId: secondSend.sendTransport.id, dtlsParameters: FAKE_DTLS });
    expect(await request(second.socket, "produce", { transportId: secondSend.sendTransport.id, kind: "video", rtpParameters: fakeRtpParameters("video", 5002), source: "camera" })).toMatchObject({ ok: true });

    // The holder leaving media gives the floor back.
    expect(await request(second.socket, "media:leave", {})).toEqual({ ok: true });
    expect(harness.signalling.rooms.get(roomId)?.floor).toBeNull();
    for (const { socket } of [host, first, second]) socket.close();
  });

  it("a member removed from the room (a cancelled registration) is told and disconnected, wherever the socket is", async () => {
    const roomId = await broadcastRoom();
    const host = await inMedia(presenter, roomId, "HOST");
    const watcher = await inMedia(viewer, roomId, "VIEWER");
    const told = nextEvent<{ message: string }>(watcher.socket, "lobby:removed");
    const gone = new Promise((resolve) => watcher.socket.once("disconnect", resolve));
    await harness.signalling.removeMember(roomId, viewer.id, "teaching.room.noLongerRegistered");
    expect((await told).message).toBe("您已不在本场示教的名单中，观看已结束。");
    expect(await gone).toBe("io server disconnect");
    await waitFor(() => !harness.signalling.rooms.get(roomId)?.members.has(viewer.id), 5_000, "the viewer dropped from the live room");
    expect(harness.signalling.rooms.get(roomId)?.members.has(presenter.id)).toBe(true);
    host.socket.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { waitFor } from "@/server/sfu/testing";
import { useTestDatabase } from "@/test/db";
import { ensureVideoRoom } from "./rooms";
import type { Socket as ClientSocket } from "socket.io-client";
import { connected, connectMedia, createTestUser, FAKE_DTLS, fakeRtpParameters, nextEvent, request, startHarness, tokenFor, type Harness, type TestUser } from "./testing";

let harness: Harness;
let expert: TestUser;
let doctor: TestUser;

beforeAll(async () => {
  await useTestDatabase();
  harness = await startHarness(getDb(), { rtcMinPort: 44000, workers: 2, reconnectGraceMs: 300 });
  expert = await createTestUser(getDb(), "SPECIALIST", "王专家");
  doctor = await createTestUser(getDb(), "COUNTY_DOCTOR", "李医生");
});
afterAll(async () => {
  await harness?.close();
});

async function newRoom(): Promise<string> {
  const start = new Date();
  return (
    await ensureVideoRoom(getDb(), {
      title: "稳定性测试",
      scheduledStart: start,
      scheduledEnd: new Date(start.getTime() + 3_600_000),
      hostUserIds: [expert.id],
      participantUserIds: [doctor.id],
    })
  ).id;
}

/** Enters, joins media, connects both transports and sends audio and video, like a browser. */
async function joinWithMedia(user: TestUser, roomId: string, role: "HOST" | "PARTICIPANT", options: { reconnectKey?: string; admitter?: ClientSocket } = {}) {
  const socket = connectMedia(harness.url, user, { token: tokenFor(roomId, user, role), roomId });
  await connected(socket);
  const entered = await request(socket, "lobby:enter", { reconnectKey: options.reconnectKey ?? `k-${user.id}` });
  if (!entered.ok) throw new Error(JSON.stringify(entered));
  let capabilities = entered.routerRtpCapabilities;
  if (entered.state === "waiting") {
    if (!options.admitter) throw new Error("waiting without a host to admit");
    const admitted = nextEvent<{ routerRtpCapabilities: unknown }>(socket, "lobby:admitted");
    await request(options.admitter, "host:admit", { userId: user.id });
    capabilities = (await admitted).routerRtpCapabilities;
  }
  const joined = await request(socket, "media:join", { rtpCapabilities: capabilities });
  if (!joined.ok) throw new Error(JSON.stringify(joined));
  for (const transport of [joined.sendTransport, joined.recvTransport]) {
    await request(socket, "transport:connect", { transportId: transport.id, dtlsParameters: FAKE_DTLS });
  }
  const ssrcBase = Math.floor(Math.random() * 1e6) * 10;
  for (const kind of ["audio", "video"] as const) {
    const produced = await request(socket, "produce", { transportId: joined.sendTransport.id, kind, rtpParameters: fakeRtpParameters(kind, ssrcBase + (kind === "audio" ? 1 : 2)), source: kind === "audio" ? "mic" : "camera" });
    if (!produced.ok) throw new Error(JSON.stringify(produced));
  }
  return { socket, joined, entered: { ...entered, routerRtpCapabilities: capabilities } };
}

async function consumeAll(socket: ReturnType<typeof connectMedia>, producerIds: string[]) {
  for (const producerId of producerIds) {
    const consumed = await request(socket, "consume", { producerId });
    if (!consumed.ok) throw new Error(JSON.stringify(consumed));
    await request(socket, "consumer:resume", { consumerId: consumed.consumer.id });
  }
}

describe("no leftovers", () => {
  it("after 50 join/leave cycles (clean leaves and dropped connections) the SFU holds nothing", async () => {
    const roomId = await newRoom();
    for (let cycle = 0; cycle < 50; cycle += 1) {
      const host = await joinWithMedia(expert, roomId, "HOST");
      const guest = await joinWithMedia(doctor, roomId, "PARTICIPANT", { admitter: host.socket });
      await consumeAll(guest.socket, (guest.joined.producers as { producerId: string }[]).map((p) => p.producerId));
      expect(harness.registry.counts().consumers).toBeGreaterThan(0);
      // Half the cycles close cleanly; the other half drop the connection like a closed tab.
      if (cycle % 2 === 0) {
        guest.socket.close();
        host.socket.close();
      } else {
        guest.socket.io.engine.close();
        host.socket.io.engine.close();
      }
      await waitFor(() => harness.signalling.rooms.size === 0, 5_000, `room emptied in cycle ${cycle}`);
    }
    await waitFor(() => harness.registry.counts().rooms === 0, 5_000, "rooms closed");
    expect(harness.registry.counts()).toEqual({ rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 });
    for (const worker of harness.pool.snapshot()) expect(worker).toMatchObject({ rooms: 0, transports: 0, producers: 0, consumers: 0 });
    // Record writes trail the media clean-up (they are queued off the signalling path).
    const openAttendance = () => getDb().videoAttendance.count({ where: { session: { roomId }, leftAt: null } });
    for (let attempt = 0; attempt < 50 && (await openAttendance()) > 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await openAttendance()).toBe(0);
    expect(await getDb().videoAttendance.count({ where: { session: { roomId } } })).toBe(100);
  }, 120_000);
});

describe("reconnects and worker deaths", () => {
  it("a participant whose connection drops resumes with the same transports and restarts ICE", async () => {
    const roomId = await newRoom();
    const host = await joinWithMedia(expert, roomId, "HOST");
    const sendId = host.joined.sendTransport.id;
    host.socket.io.engine.close();
    const again = connectMedia(harness.url, expert, { token: tokenFor(roomId, expert, "HOST"), roomId });
    await connected(again);
    expect(await request(again, "lobby:enter", { reconnectKey: `k-${expert.id}` })).toMatchObject({ ok: true, state: "joined", resumed: true });
    const restarted = await request(again, "transport:restartIce", { transportId: sendId });
    expect(restarted).toMatchObject({ ok: true, iceParameters: { usernameFragment: expect.any(String) } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(harness.registry.get(roomId)?.counts()).toMatchObject({ peers: 1, transports: 2, producers: 2 });
    again.close();
    await waitFor(() => (harness.registry.get(roomId)?.counts().transports ?? 0) === 0, 5_000, "media freed");
  });

  it("a second window takes over and the first is told why", async () => {
    const roomId = await newRoom();
    const first = await joinWithMedia(expert, roomId, "HOST", { reconnectKey: "window-one" });
    const told = nextEvent<{ message: string }>(first.socket, "session:replaced");
    const second = await joinWithMedia(expert, roomId, "HOST", { reconnectKey: "window-two" });
    expect((await told).message).toContain("另一个窗口");
    expect(harness.registry.get(roomId)?.counts()).toMatchObject({ peers: 1, transports: 2, producers: 2 });
    second.socket.close();
    await waitFor(() => (harness.registry.get(roomId)?.counts().transports ?? 0) === 0, 5_000, "media freed");
  });

  it("when a worker dies the room is rebuilt and its clients are told to join media again", async () => {
    const roomId = await newRoom();
    const host = await joinWithMedia(expert, roomId, "HOST");
    const guest = await joinWithMedia(doctor, roomId, "PARTICIPANT", { admitter: host.socket });
    const pid = harness.registry.get(roomId)!.workerPid;
    const hostTold = nextEvent(host.socket, "media:rebuilt", 10_000);
    const guestTold = nextEvent(guest.socket, "media:rebuilt", 10_000);
    process.kill(pid, "SIGKILL");
    await Promise.all([hostTold, guestTold]);
    const rejoined = await request(host.socket, "media:join", { rtpCapabilities: host.entered.routerRtpCapabilities });
    expect(rejoined).toMatchObject({ ok: true, sendTransport: { id: expect.any(String) } });
    expect(harness.registry.get(roomId)!.workerPid).not.toBe(pid);
    host.socket.close();
    guest.socket.close();
    await waitFor(() => !harness.registry.get(roomId), 5_000, "room closed");
  });
});

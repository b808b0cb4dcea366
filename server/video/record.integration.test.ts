import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/auth/signIn";
import { getDb } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { readSessionRecord, saveSnapshot } from "./record";
import { ensureVideoRoom } from "./rooms";
import { connected, connectMedia, createTestUser, nextEvent, request, startHarness, tokenFor, type Harness, type TestUser } from "./testing";

let harness: Harness;
let expert: TestUser;
let doctor: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  useTestDatabase();
  harness = await startHarness(getDb(), { rtcMinPort: 48000 });
  expert = await createTestUser(getDb(), "SPECIALIST", "赵专家");
  doctor = await createTestUser(getDb(), "COUNTY_DOCTOR", "钱医生");
  outsider = await createTestUser(getDb(), "COUNTY_DOCTOR", "孙医生");
});
afterAll(async () => {
  await harness?.close();
});

const asSession = (user: TestUser): SessionUser => ({ id: user.id, username: user.username, displayName: user.displayName, role: user.role, institutionId: null });

async function newRoom(): Promise<string> {
  const start = new Date();
  const room = await ensureVideoRoom(getDb(), { title: "会诊记录测试", scheduledStart: start, scheduledEnd: new Date(start.getTime() + 30 * 60_000), hostUserIds: [expert.id], participantUserIds: [doctor.id] });
  return room.id;
}

/** Host and participant in media (admitted, transports made), which opens the sitting. */
async function sitting(roomId: string) {
  const host = connectMedia(harness.url, expert, { token: tokenFor(roomId, expert, "HOST"), roomId });
  await connected(host);
  const hostEntered = await request(host, "lobby:enter", { reconnectKey: `key-${expert.id}` });
  const guest = connectMedia(harness.url, doctor, { token: tokenFor(roomId, doctor, "PARTICIPANT"), roomId });
  await connected(guest);
  await request(guest, "lobby:enter", { reconnectKey: `key-${doctor.id}` });
  const admitted = nextEvent(guest, "lobby:admitted");
  expect(await request(host, "host:admit", { userId: doctor.id })).toEqual({ ok: true });
  await admitted;
  for (const socket of [host, guest]) expect(await request(socket, "media:join", { rtpCapabilities: hostEntered.routerRtpCapabilities })).toMatchObject({ ok: true });
  return { host, guest };
}

describe("the session record", () => {
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
    expect(session!.endedByName).toBe("赵专家");
    expect(session!.attendance.map((row) => [row.displayName, row.leftReason]).sort()).toEqual([
      ["赵专家", "ended"],
      ["钱医生", "ended"],
    ]);
    host.close();
    guest.close();
  });

  it("lists saved snapshots and records who removed whom; a sitting the last person left has no ender", async () => {
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
    expect(record.snapshots).toEqual([{ id: saved.id, authorName: "赵专家", caption: null, createdAt: saved.createdAt }]);
    expect(record.sessions[0]!.endedByName).toBeNull();
    expect(record.sessions[0]!.attendance.find((row) => row.userId === doctor.id)?.leftReason).toBe("removed");
    expect(await getDb().auditLog.count({ where: { action: "video.record.read", targetId: roomId, actorId: doctor.id } })).toBe(1);
    guest.close();
  });

  it("is refused to people who are not in the room", async () => {
    const roomId = await newRoom();
    await expect(readSessionRecord(getDb(), asSession(outsider), roomId)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(readSessionRecord(getDb(), asSession(outsider), "not-a-room")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { ensureVideoRoom } from "./rooms";
import { connected, connectMedia, createTestUser, FAKE_DTLS, nextEvent, request, startHarness, tokenFor, type Harness, type TestUser } from "./testing";

let harness: Harness;
let expert: TestUser;
let doctor: TestUser;

beforeAll(async () => {
  await useTestDatabase();
  harness = await startHarness(getDb(), { rtcMinPort: 47000 });
  expert = await createTestUser(getDb(), "SPECIALIST", "结束专家");
  doctor = await createTestUser(getDb(), "COUNTY_DOCTOR", "结束医生");
});
afterAll(async () => {
  await harness?.close();
});

describe("a call ended from outside it (its consultation's session ended on the page)", () => {
  it("tells everyone in it and on its pre-join check who ended it, closes them, and the room stays ended", async () => {
    const start = new Date();
    const { id: roomId } = await ensureVideoRoom(getDb(), { title: "结束测试", scheduledStart: start, scheduledEnd: new Date(start.getTime() + 1_800_000), hostUserIds: [expert.id], participantUserIds: [doctor.id] });
    const host = connectMedia(harness.url, expert, { token: tokenFor(roomId, expert, "HOST"), roomId });
    await connected(host);
    const entered = await request(host, "lobby:enter", { reconnectKey: `key-${expert.id}` });
    expect(entered.state).toBe("admitted");
    const joined = await request(host, "media:join", { rtpCapabilities: entered.routerRtpCapabilities });
    expect(joined.ok).toBe(true);
    await request(host, "transport:connect", { transportId: joined.sendTransport.id, dtlsParameters: FAKE_DTLS });
    // The doctor is still on the pre-join check: connected, not yet in the lobby.
    const waiting = connectMedia(harness.url, doctor, { token: tokenFor(roomId, doctor, "PARTICIPANT"), roomId });
    await connected(waiting);

    const heard = [nextEvent<{ message: string }>(host, "session:ended"), nextEvent<{ message: string }>(waiting, "session:ended")];
    await harness.signalling.endRoom(roomId, { id: expert.id, displayName: "结束专家" });
    for (const event of await Promise.all(heard)) expect(event.message).toBe("结束专家 已结束本场会诊。");
    expect(harness.signalling.rooms.get(roomId)).toBeUndefined();
    expect((await getDb().videoRoom.findUniqueOrThrow({ where: { id: roomId } })).status).toBe("ENDED");
    const sitting = await getDb().videoSession.findFirstOrThrow({ where: { roomId } });
    expect(sitting.endedById).toBe(expert.id);

    // Nobody enters it again.
    const again = connectMedia(harness.url, expert, { token: tokenFor(roomId, expert, "HOST"), roomId });
    await connected(again);
    expect((await request(again, "lobby:enter", { reconnectKey: `key2-${expert.id}` })).ok).toBe(false);
    again.close();
  });
});

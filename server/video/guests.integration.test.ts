import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAllowed } from "@/server/access/policy";
import { roomRelations } from "@/server/access/relations";
import { encodeSessionToken } from "@/server/auth/sessionCookie";
import { getDb } from "@/server/db/client";
import { smsGateway } from "@/server/notifications/sms";
import { getPlatform } from "@/server/platform";
import { useTestDatabase } from "@/test/db";
import { closeGuestAccess, GUEST_SESSION_HOURS, inviteGuest, listGuestLinks, redeemGuestLink, revokeGuestLink, type InviteGuestInput } from "./guests";
import { ensureVideoRoom, writeVideoRoom } from "./rooms";
import { connected, connectMedia, createTestUser, nextEvent, request, startHarness, TEST_SECRET, tokenFor, type Harness, type TestUser } from "./testing";

let harness: Harness;
let expert: TestUser;
let doctor: TestUser;
let outsider: TestUser;
const noSms = { sms: null, publicUrl: "https://rmp.example.cn" };

const asActor = (user: TestUser) => ({ id: user.id, role: user.role, institutionId: null });
const tokenOf = (path: string) => path.slice(path.indexOf("#") + 1);
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as { status: number; code: string; messageKey: string });

async function newRoom(title = "访客测试会诊") {
  const start = new Date();
  return ensureVideoRoom(getDb(), { title, scheduledStart: start, scheduledEnd: new Date(start.getTime() + 3_600_000), hostUserIds: [expert.id], participantUserIds: [doctor.id] });
}

const invite = (roomId: string, input: Partial<InviteGuestInput> = {}, now?: Date) =>
  inviteGuest(getDb(), asActor(expert), roomId, { displayName: "王女士（家属）", kind: "FAMILY", ...input }, noSms, {}, now);

beforeAll(async () => {
  await useTestDatabase();
  harness = await startHarness(getDb(), { rtcMinPort: 47600 });
  expert = await createTestUser(getDb(), "SPECIALIST", "访客测试专家");
  doctor = await createTestUser(getDb(), "COUNTY_DOCTOR", "访客测试医生");
  outsider = await createTestUser(getDb(), "SPECIALIST", "无关专家");
});
afterAll(async () => {
  await harness?.close();
});

describe("inviting a guest", () => {
  it("issues a one-time link (only its hash kept) to the room's host, and refuses bad input with the reason", async () => {
    const { id: roomId } = await newRoom();
    const issued = await invite(roomId, { validMinutes: 30 });
    expect(issued.path).toMatch(/^\/guest#rmpg_[\w-]{40,}$/);
    expect(issued.link).toMatchObject({ displayName: "王女士（家属）", kind: "FAMILY", status: "OPEN", createdByName: "访客测试专家" });
    const stored = await getDb().videoGuestLink.findUniqueOrThrow({ where: { id: issued.link.id } });
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(tokenOf(issued.path));
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(30 * 60_000);

    expect(await refusal(invite(roomId, { displayName: "   " }))).toMatchObject({ status: 400, messageKey: "video.guest.nameRequired" });
    expect(await refusal(invite(roomId, { displayName: "访".repeat(51) }))).toMatchObject({ status: 400 });
    expect(await refusal(invite(roomId, { validMinutes: 5 }))).toMatchObject({ status: 400 });
    expect(await refusal(invite(roomId, { kind: "DOCTOR" as never }))).toMatchObject({ status: 400 });
    expect(await refusal(invite(roomId, { phone: "12345" }))).toMatchObject({ status: 400, messageKey: "video.guest.phoneInvalid" });
    expect(await refusal(invite(roomId, { phone: "13800138000" }))).toMatchObject({ status: 400, messageKey: "video.guest.smsNotConfigured" });
    // A participant who is not the host: 403; someone outside the room: 404 (the room's existence is not told).
    expect(await refusal(inviteGuest(getDb(), asActor(doctor), roomId, { displayName: "x", kind: "PATIENT" }, noSms))).toMatchObject({ status: 403 });
    expect(await refusal(inviteGuest(getDb(), asActor(outsider), roomId, { displayName: "x", kind: "PATIENT" }, noSms))).toMatchObject({ status: 404, code: "VIDEO_ROOM_NOT_FOUND" });
    expect(await refusal(listGuestLinks(getDb(), asActor(outsider), roomId))).toMatchObject({ status: 404 });
    expect(await refusal(invite("00000000-0000-4000-8000-000000000000"))).toMatchObject({ status: 404, code: "VIDEO_ROOM_NOT_FOUND" });
    // The audit trail names the link, never its token.
    const audited = await getDb().auditLog.findFirstOrThrow({ where: { action: "video.guest.invite", targetId: roomId } });
    expect(audited.details).toMatchObject({ linkId: issued.link.id, kind: "FAMILY", sms: false });
  });

  it("caps a room's unused links at ten", async () => {
    const { id: roomId } = await newRoom();
    for (let i = 0; i < 10; i++) await invite(roomId, { displayName: `访客${i}` });
    expect(await refusal(invite(roomId))).toMatchObject({ status: 409, code: "GUEST_LINKS_LIMIT" });
  });

  it("texts the link through the configured SMS gateway, keeping only the masked number; a refusing gateway is reported, not thrown", async () => {
    const received: { authorization?: string; body: { to: string; text: string } }[] = [];
    let answer = 200;
    const gateway = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      req.on("end", () => {
        received.push({ authorization: req.headers.authorization, body: JSON.parse(raw) as { to: string; text: string } });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
    try {
      const sms = smsGateway({ url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`, token: "gateway-token" });
      const { id: roomId } = await newRoom("短信邀请会诊");
      const issued = await inviteGuest(getDb(), asActor(expert), roomId, { displayName: "李明", kind: "PATIENT", validMinutes: 120, phone: "138 0013 8000" }, { sms, publicUrl: "https://rmp.example.cn" });
      expect(issued.sms).toBe("sent");
      expect(received[0]?.authorization).toBe("Bearer gateway-token");
      expect(received[0]?.body.to).toBe("13800138000");
      expect(received[0]?.body.text).toContain("短信邀请会诊");
      expect(received[0]?.body.text).toContain(`https://rmp.example.cn${issued.path}`);
      expect(issued.link.phoneMasked).toBe("138****8000");
      expect(JSON.stringify(await getDb().videoGuestLink.findUniqueOrThrow({ where: { id: issued.link.id } }))).not.toContain("13800138000");

      answer = 503;
      const failed = await inviteGuest(getDb(), asActor(expert), roomId, { displayName: "李明", kind: "PATIENT", phone: "13800138000" }, { sms, publicUrl: "https://rmp.example.cn" });
      expect(failed.sms).toBe("failed");
      expect(failed.path).toMatch(/^\/guest#/);
    } finally {
      gateway.close();
    }
  });
});

describe("using a guest link", () => {
  it("makes a guest who is a member of that room only, with a session of at most four hours; the link works once", async () => {
    const { id: roomId } = await newRoom();
    const { id: otherRoomId } = await newRoom("另一场会诊");
    const issued = await invite(roomId);
    const now = new Date();
    const redeemed = await redeemGuestLink(getDb(), getPlatform().sessions, tokenOf(issued.path), { ip: "127.0.0.1" }, now);
    expect(redeemed.path).toBe(`/video/${roomId}`);
    const session = await getDb().userSession.findUniqueOrThrow({ where: { id: redeemed.session!.id }, include: { user: true } });
    expect(session.user).toMatchObject({ role: "GUEST", displayName: "王女士（家属）", institutionId: null, passwordHash: null, disabled: false });
    expect(session.expiresAt.getTime() - now.getTime()).toBeLessThanOrEqual(GUEST_SESSION_HOURS * 3_600_000);
    const guest = { id: session.user.id, role: "GUEST" as const, institutionId: null };
    expect(isAllowed(guest, "room.join", (await roomRelations(getDb(), roomId))!)).toBe(true);
    expect(isAllowed(guest, "room.publish", (await roomRelations(getDb(), roomId))!)).toBe(true);
    expect(isAllowed(guest, "room.join", (await roomRelations(getDb(), otherRoomId))!)).toBe(false);
    expect(isAllowed(guest, "room.record", (await roomRelations(getDb(), roomId))!)).toBe(false);
    expect(isAllowed(guest, "room.invite", (await roomRelations(getDb(), roomId))!)).toBe(false);
    expect((await listGuestLinks(getDb(), asActor(expert), roomId))[0]).toMatchObject({ status: "USED" });

    // Another phone with the same link: 410 used. The same phone reopening it (its guest session current): back into the call.
    expect(await refusal(redeemGuestLink(getDb(), getPlatform().sessions, tokenOf(issued.path)))).toMatchObject({ status: 410, code: "GUEST_LINK_USED", messageKey: "video.guest.linkUsed" });
    const current = await getPlatform().sessions.resolve(redeemed.session!.id);
    expect(await redeemGuestLink(getDb(), getPlatform().sessions, tokenOf(issued.path), { current })).toEqual({ roomId, path: `/video/${roomId}`, session: null });
    // A browser signed in to a staff account is asked to use another device rather than lose its session.
    const staffSession = await getPlatform().sessions.resolve(doctor.sessionId);
    const fresh = await invite(roomId);
    expect(await refusal(redeemGuestLink(getDb(), getPlatform().sessions, tokenOf(fresh.path), { current: staffSession }))).toMatchObject({ status: 409, code: "GUEST_LINK_SIGNED_IN" });
    expect(await refusal(redeemGuestLink(getDb(), getPlatform().sessions, "rmpg_forged-token-that-was-never-issued"))).toMatchObject({ status: 404, code: "GUEST_LINK_NOT_FOUND" });
    expect((await getDb().auditLog.count({ where: { action: "video.guest.join", targetId: roomId } }))).toBe(1);
  });

  it("refuses an expired, a revoked and a finished call's link with 410 saying which", async () => {
    const { id: roomId } = await newRoom();
    const expiring = await invite(roomId, { validMinutes: 15 });
    expect(await refusal(redeemGuestLink(getDb(), getPlatform().sessions, tokenOf(expiring.path), {}, new Date(Date.now() + 16 * 60_000)))).toMatchObject({ status: 410, code: "GUEST_LINK_EXPIRED" });
    const revoked = await invite(roomId);
    await revokeGuestLink(getDb(), getPlatform().sessions, asActor(expert), roomId, revoked.link.id);
    expect(await refusal(redeemGuestLink(getDb(), getPlatform().sessions, tokenOf(revoked.path)))).toMatchObject({ status: 410, code: "GUEST_LINK_REVOKED" });
    const late = await invite(roomId);
    await getDb().videoRoom.update({ where: { id: roomId }, data: { status: "ENDED" } });
    expect(await refusal(redeemGuestLink(getDb(), getPlatform().sessions, tokenOf(late.path)))).toMatchObject({ status: 410, code: "ROOM_ENDED" });
    expect(await refusal(invite(roomId))).toMatchObject({ status: 409, code: "ROOM_ENDED" });
  });

  it("lets exactly one of two phones racing with the same link in", async () => {
    const { id: roomId } = await newRoom();
    const issued = await invite(roomId);
    const results = await Promise.allSettled([0, 1].map(() => redeemGuestLink(getDb(), getPlatform().sessions, tokenOf(issued.path))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ status: 410, code: "GUEST_LINK_USED" });
    expect(await getDb().user.count({ where: { role: "GUEST", guestLinkRedeemed: { roomId } } })).toBe(1);
  });

  it("keeps the guest when the consultation's room is written again (rescheduling), and a revoke signs them out and removes them", async () => {
    const { id: roomId } = await newRoom();
    const issued = await invite(roomId);
    const redeemed = await redeemGuestLink(getDb(), getPlatform().sessions, tokenOf(issued.path));
    const guestId = (await getDb().userSession.findUniqueOrThrow({ where: { id: redeemed.session!.id } })).userId;
    const start = new Date(Date.now() + 86_400_000);
    await getDb().$transaction((tx) => writeVideoRoom(tx, roomId, { title: "改期后", scheduledStart: start, scheduledEnd: new Date(start.getTime() + 3_600_000), hostUserIds: [expert.id], participantUserIds: [doctor.id] }));
    expect((await roomRelations(getDb(), roomId))!.roomMemberIds).toContain(guestId);

    const revoked = await revokeGuestLink(getDb(), getPlatform().sessions, asActor(expert), roomId, issued.link.id);
    expect(revoked.status).toBe("REVOKED");
    expect((await getDb().userSession.findUniqueOrThrow({ where: { id: redeemed.session!.id } })).revokedAt).not.toBeNull();
    expect(await getPlatform().sessions.resolve(redeemed.session!.id)).toBeNull();
    expect((await roomRelations(getDb(), roomId))!.roomMemberIds).not.toContain(guestId);
    expect((await getDb().user.findUniqueOrThrow({ where: { id: guestId } })).disabled).toBe(true);
    expect(await refusal(revokeGuestLink(getDb(), getPlatform().sessions, asActor(expert), roomId, "00000000-0000-4000-8000-000000000000"))).toMatchObject({ status: 404, code: "GUEST_LINK_NOT_FOUND" });
  });
});

describe("a guest in the call", () => {
  it("waits in the waiting room marked as a guest, is admitted by the host, and is signed out when the host ends the call", async () => {
    const { id: roomId } = await newRoom();
    const issued = await invite(roomId, { kind: "OUTSIDE_EXPERT", displayName: "院外张主任" });
    const redeemed = await redeemGuestLink(getDb(), getPlatform().sessions, tokenOf(issued.path));
    const session = await getDb().userSession.findUniqueOrThrow({ where: { id: redeemed.session!.id } });
    const guest: TestUser = {
      id: session.userId,
      username: "guest",
      displayName: "院外张主任",
      role: "GUEST",
      sessionId: session.id,
      cookie: `next-auth.session-token=${await encodeSessionToken(session.id, TEST_SECRET)}; locale=zh-CN`,
    };

    const host = connectMedia(harness.url, expert, { token: tokenFor(roomId, expert, "HOST"), roomId });
    await connected(host);
    expect((await request(host, "lobby:enter", { reconnectKey: `host-${roomId}` })).state).toBe("admitted");
    const lobby = nextEvent<{ waiting: { userId: string; displayName: string; guestKind: string | null }[] }>(host, "lobby:update");
    const guestSocket = connectMedia(harness.url, guest, { token: tokenFor(roomId, guest, "PARTICIPANT"), roomId });
    await connected(guestSocket);
    expect((await request(guestSocket, "lobby:enter", { reconnectKey: `guest-${roomId}` })).state).toBe("waiting");
    expect((await lobby).waiting).toEqual([{ userId: guest.id, displayName: "院外张主任", guestKind: "OUTSIDE_EXPERT" }]);

    const admitted = nextEvent(guestSocket, "lobby:admitted");
    expect((await request(host, "host:admit", { userId: guest.id })).ok).toBe(true);
    await admitted;
    const roster = await request(guestSocket, "lobby:enter", { reconnectKey: `guest-${roomId}` });
    const marked = (roster.participants as { userId: string; guestKind: string | null }[]).find((p) => p.userId === guest.id);
    expect(marked?.guestKind).toBe("OUTSIDE_EXPERT");
    expect((roster.participants as { userId: string; guestKind: string | null }[]).find((p) => p.userId === expert.id)?.guestKind).toBeNull();
    // Host controls are not the guest's.
    expect(await request(guestSocket, "host:admit", { userId: doctor.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });

    const ended = nextEvent<{ message: string }>(guestSocket, "session:ended");
    expect((await request(host, "host:end")).ok).toBe(true);
    expect((await ended).message).toContain("已结束本场会诊");
    expect((await getDb().userSession.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).not.toBeNull();
    expect((await getDb().user.findUniqueOrThrow({ where: { id: guest.id } })).disabled).toBe(true);
    expect(await closeGuestAccess(getDb(), getPlatform().sessions, roomId)).toBe(0);
    host.close();
    guestSocket.close();
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnauthenticatedError, ForbiddenError } from "@/lib/errors";
import { errorResponse } from "@/app/_lib/api";
import type { SessionUser } from "@/server/auth/signIn";
import { SessionEndedError } from "@/server/auth/sessions";
import { signedInSession } from "@/server/auth/testing";
import { getPlatform } from "@/server/platform";
import { plain } from "@/server/consultation/api";
import { createDraft, recordConsent, submitRequest } from "@/server/consultation/requests";
import { makeUser, makeWorld, openExpertCalendar, REQUEST, type World } from "@/server/consultation/testing";
import { assignExpert } from "@/server/consultation/triage";
import { getDb, type Db } from "@/server/db/client";
import { findFreeSlots } from "@/server/scheduling/availability";
import { nextSlotsFor, SlotTakenError } from "@/server/scheduling/booking";
import { dueReminders } from "@/server/scheduling/reminders";
import { TEST_AUTH_SECRET, testDatabaseKind, useTestDatabase } from "@/test/db";
import { handleFastRoute } from "./fastRoutes";

let db: Db;
let world: World;
let server: Server;
let base: string;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeWorld(db);
  await openExpertCalendar(db, world.expert.id, 24);
  server = createServer((req, res) => {
    if (!handleFastRoute(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function cookieFor(user: SessionUser, locale = "zh-CN"): Promise<string> {
  return (await signedInSession(user.id, { secret: TEST_AUTH_SECRET, locale })).cookie;
}

async function assignedRequest(doctor: SessionUser) {
  let c = await createDraft(db, doctor, { ...REQUEST, residentId: world.residentId, preferredExpertId: null });
  c = await recordConsent(db, doctor, c.id, { method: "ON_SCREEN_SIGNATURE", givenBy: "患者本人", expectedVersion: c.version });
  await submitRequest(db, doctor, c.id, c.version);
  return (await assignExpert(db, world.coordinator, c.id, { expertId: world.expert.id })).after;
}

async function book(id: string, body: string, cookie?: string) {
  const response = await fetch(`${base}/api/consultations/${id}/book`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body,
  });
  return { status: response.status, json: (await response.json()) as unknown };
}

/** What apiRoute (app/_lib/api.ts), the Next route's boundary, answers for the same error. */
async function nextAnswer(error: unknown, locale: "zh-CN" | "en" = "zh-CN") {
  const response = errorResponse(error, locale, "test");
  return { status: response.status, json: (await response.json()) as unknown };
}

describe(`POST /api/consultations/<id>/book on the fast route (${testDatabaseKind()})`, () => {
  it("books: the consultation as JSON, with the transition, audit, reminders and notifications stored", async () => {
    const c = await assignedRequest(world.doctor);
    const [slot] = await findFreeSlots(db, world.expert.id, { limit: 1 });
    const answer = await book(c.id, JSON.stringify({ startsAt: slot!.start.toISOString(), expectedVersion: c.version }), await cookieFor(world.coordinator));
    const stored = await db.consultation.findUniqueOrThrow({ where: { id: c.id } });
    expect(answer).toEqual({ status: 200, json: plain(stored) });
    expect(stored).toMatchObject({ status: "SCHEDULED", version: c.version + 1, scheduledStart: slot!.start, scheduledEnd: slot!.end });
    const appointment = await db.appointment.findFirstOrThrow({ where: { consultationId: c.id }, include: { holds: true } });
    expect(appointment.holds.map((hold) => hold.userId).sort()).toEqual([world.expert.id, world.doctor.id].sort());
    expect(await db.consultationEvent.count({ where: { consultationId: c.id, action: "schedule", fromStatus: "ASSIGNED", toStatus: "SCHEDULED", actorId: world.coordinator.id } })).toBe(1);
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: c.id, action: "consultation.schedule" } });
    expect(audit).toMatchObject({ actorId: world.coordinator.id, actorRole: "COORDINATOR", details: { from: "ASSIGNED", to: "SCHEDULED", version: c.version + 1 } });
    // Nothing is queued for reminders: the sweep finds the appointment (its reminder is due, or already sent by a sweep elsewhere).
    const due = (await dueReminders(db, new Date())).some((reminder) => reminder.appointmentId === appointment.id);
    expect(due || (await db.reminderSent.count({ where: { appointmentId: appointment.id } })) > 0).toBe(true);
    const notified = await db.notification.findMany({ where: { kind: "consultation.schedule", link: `/consultations/${c.id}` } });
    expect(notified.map((n) => n.userId)).toEqual(expect.arrayContaining([world.expert.id, world.doctor.id]));
    expect(notified.map((n) => n.userId)).not.toContain(world.coordinator.id);
    expect(notified[0]!.params).toEqual({ number: stored.number, actor: world.coordinator.displayName, startsAt: slot!.start.toISOString() });
  });

  it("a taken slot: 409 SLOT_TAKEN with the next free slots, as the Next route answered", async () => {
    const doctor = await makeUser(db, "COUNTY_DOCTOR", world.institutionId);
    const [first, second] = [await assignedRequest(doctor), await assignedRequest(await makeUser(db, "COUNTY_DOCTOR", world.institutionId))];
    const [slot] = await findFreeSlots(db, world.expert.id, { limit: 1 });
    const cookie = await cookieFor(world.coordinator, "en");
    expect((await book(first.id, JSON.stringify({ startsAt: slot!.start }), cookie)).status).toBe(200);
    const lost = await book(second.id, JSON.stringify({ startsAt: slot!.start }), cookie);
    const expected = await nextAnswer(new SlotTakenError(await nextSlotsFor(db, world.expert.id, second.requesterId, slot!.start)), "en");
    expect(lost).toEqual(expected);
    expect(lost.status).toBe(409);
    expect((lost.json as { error: { details: { nextSlots: unknown[] } } }).error.details.nextSlots).toHaveLength(5);
  });

  it("401 without a session, 403 for a role that may not book or an expert not assigned, 400 for a bad body", async () => {
    const c = await assignedRequest(world.doctor);
    const [slot] = await findFreeSlots(db, world.expert.id, { limit: 1 });
    const body = JSON.stringify({ startsAt: slot!.start });
    expect(await book(c.id, body)).toEqual(await nextAnswer(new UnauthenticatedError()));
    // A cookie that names no session of ours (forged, signed out, old format): "登录已过期".
    expect(await book(c.id, body, "next-auth.session-token=forged")).toEqual(await nextAnswer(new SessionEndedError()));
    expect(await book(c.id, body, await cookieFor(world.doctor))).toEqual(await nextAnswer(new ForbiddenError()));
    const otherExpert = await makeUser(db, "SPECIALIST", world.provincialId);
    const notYours = await book(c.id, body, await cookieFor(otherExpert));
    expect(notYours).toMatchObject({ status: 403, json: { error: { code: "FORBIDDEN" } } });
    const badJson = await book(c.id, "{", await cookieFor(world.coordinator));
    expect(badJson).toMatchObject({ status: 400, json: { error: { code: "BAD_JSON" } } });
    const badBody = await book(c.id, JSON.stringify({ startsAt: "not a date" }), await cookieFor(world.coordinator));
    expect(badBody).toMatchObject({ status: 400, json: { error: { code: "VALIDATION_FAILED", details: [{ path: "startsAt" }] } } });
    expect(await book("not-a-uuid", body, await cookieFor(world.coordinator))).toMatchObject({ status: 404, json: { error: { code: "CONSULTATION_NOT_FOUND" } } });
    const stale = await book(c.id, JSON.stringify({ startsAt: slot!.start, expectedVersion: c.version - 1 }), await cookieFor(world.coordinator));
    expect(stale).toMatchObject({ status: 409, json: { error: { code: "STALE_VERSION" } } });
    expect(await db.appointment.count({ where: { consultationId: c.id } })).toBe(0);
    expect((await db.consultation.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("ASSIGNED");
  });

  it("a session that has ended is refused at once: 401 SESSION_EXPIRED on the next booking", async () => {
    const c = await assignedRequest(world.doctor);
    const [slot] = await findFreeSlots(db, world.expert.id, { limit: 1 });
    const session = await signedInSession(world.coordinator.id, { secret: TEST_AUTH_SECRET });
    // A bad body after authentication: the session is good, nothing is booked.
    expect(await book(c.id, "{", session.cookie)).toMatchObject({ status: 400 });
    await getPlatform().sessions.revoke(session.sessionId, "signed_out");
    const answer = await book(c.id, JSON.stringify({ startsAt: slot!.start }), session.cookie);
    expect(answer).toEqual(await nextAnswer(new SessionEndedError()));
    expect(answer.json).toEqual({ error: { code: "SESSION_EXPIRED", message: "登录已过期，请重新登录。" } });
    expect(await db.appointment.count({ where: { consultationId: c.id } })).toBe(0);
  });
});

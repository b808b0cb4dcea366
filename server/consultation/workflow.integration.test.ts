import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { rolesFor } from "@/server/access/policy";
import { getDb, type Db } from "@/server/db/client";
import { bookConsultation } from "@/server/scheduling/booking";
import { dueReminders } from "@/server/scheduling/reminders";
import { useTestDatabase } from "@/test/db";
import { acknowledgeAdvice, adviceForPatient, answerQuestion, askQuestion, publishAdvice } from "./advice";
import { listOpinions, signOpinion } from "./opinion";
import { closeRequest, createDraft, listConsultations, recordConsent, submitRequest, updateDraft } from "./requests";
import { ALL_STATUSES, TRANSITION_ACTIONS, TRANSITIONS } from "./stateMachine";
import { makeWorld, openExpertCalendar, REQUEST, type World } from "./testing";
import { runTransition } from "./transition";
import { acceptRequest, assignExpert, declineRequest, suggestExperts, triageQueue } from "./triage";
import { endConsultationSession, startConsultationSession } from "./video";

let db: Db;
let world: World;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeWorld(db);
});

describe("consultation workflow (real PostgreSQL)", () => {
  it("runs request → consent → triage → decline → accept → booking → session → signed opinion → advice → question", async () => {
    const { doctor, expert, coordinator, patient } = world;
    // The doctor names the expert they would like: triage offers them first, however many cardiologists other tests made.
    let c = await createDraft(db, doctor, { ...REQUEST, residentId: world.residentId, clinicalSummary: "", preferredExpertId: expert.id });
    expect(c.status).toBe("DRAFT");
    await expect(submitRequest(db, doctor, c.id, c.version)).rejects.toMatchObject({ status: 400, messageKey: "consultation.incomplete" });
    c = await updateDraft(db, doctor, c.id, { clinicalSummary: REQUEST.clinicalSummary, expectedVersion: c.version });
    await expect(submitRequest(db, doctor, c.id, c.version)).rejects.toMatchObject({ status: 400, messageKey: "consultation.consentRequired" });
    c = await recordConsent(db, doctor, c.id, { method: "ON_SCREEN_SIGNATURE", givenBy: "测试患者", expectedVersion: c.version });
    expect(c.consentAt).toBeInstanceOf(Date);
    // A stale edit from a second tab gets 409, not a silent overwrite.
    await expect(updateDraft(db, doctor, c.id, { question: "旧的", expectedVersion: c.version - 1 })).rejects.toMatchObject({ status: 409, code: "STALE_VERSION" });
    c = (await submitRequest(db, doctor, c.id, c.version)).after;
    expect(c.status).toBe("SUBMITTED");

    expect((await triageQueue(db, { specialty: "CARD" })).some((item) => item.id === c.id)).toBe(true);
    await openExpertCalendar(db, expert.id);
    const mine = (await suggestExperts(db, coordinator, c.id)).find((s) => s.id === expert.id);
    expect(mine!.freeSlots).toBeGreaterThan(0);

    c = (await assignExpert(db, coordinator, c.id, { expertId: expert.id })).after;
    c = (await declineRequest(db, expert, c.id, { reason: "本周手术日" })).after;
    expect(c).toMatchObject({ status: "SUBMITTED", expertId: null });
    // The expert finds the open request of their specialty in their own list and takes it.
    expect((await listConsultations(db, expert, { page: 1, status: "SUBMITTED" })).items.map((item) => item.id)).toContain(c.id);
    c = (await acceptRequest(db, expert, c.id, c.version)).after;
    expect(c).toMatchObject({ status: "ASSIGNED", expertId: expert.id });

    const slot = mine!.nextSlot!;
    c = (await bookConsultation(db, coordinator, c.id, { startsAt: slot })).after;
    expect(c.status).toBe("SCHEDULED");
    expect(c.scheduledStart?.getTime()).toBe(slot.getTime());
    await startConsultationSession(db, expert, c.id);
    c = (await endConsultationSession(db, expert, c.id)).after;
    expect(c.status).toBe("OPINION_PENDING");

    const input = { findings: "心电图示前壁 ST 段压低。", impression: "不稳定型心绞痛", recommendations: "建议冠脉造影。", referralDecision: "REFER_TO_PROVINCIAL" as const };
    await expect(signOpinion(db, doctor, c.id, input)).rejects.toMatchObject({ status: 403 });
    const first = await signOpinion(db, expert, c.id, input);
    expect((await db.consultation.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("COMPLETED");
    await signOpinion(db, expert, c.id, { ...input, recommendations: "建议尽快冠脉造影。" });
    // The patient is told the opinion is ready, then that it changed, each with the link to read it.
    expect((await db.notification.findMany({ where: { userId: patient.id, kind: { startsWith: "consultation.opinion" } }, orderBy: { createdAt: "asc" } })).map((n) => [n.kind, n.link])).toEqual([
      ["consultation.opinionReady", `/my-record/consultations/${c.id}`],
      ["consultation.opinionUpdated", `/my-record/consultations/${c.id}`],
    ]);
    const opinions = await listOpinions(db, doctor, c.id);
    expect(opinions.map((o) => [o.version, o.verification.valid, o.verification.keyMatchesSigner])).toEqual([
      [2, true, true],
      [1, true, true],
    ]);
    await db.$executeRaw`UPDATE consultation_opinion SET findings = '被篡改' WHERE id = ${first.id}::uuid`;
    expect((await listOpinions(db, doctor, c.id)).find((o) => o.version === 1)!.verification.valid).toBe(false);

    const advice = await publishAdvice(db, expert, c.id, { body: "请按时服药，低盐饮食，两周后复查心电图。" });
    expect((await adviceForPatient(db, patient)).map((a) => a.id)).toEqual([advice.id]);
    await acknowledgeAdvice(db, patient, advice.id);
    const question = await askQuestion(db, patient, advice.id, { question: "可以继续晨练吗？" });
    const answered = await answerQuestion(db, doctor, question.id, { answer: "可以散步，避免剧烈运动。" });
    expect(answered.answeredAt).toBeInstanceOf(Date);
    await expect(askQuestion(db, doctor, advice.id, { question: "x?" + "y" })).rejects.toMatchObject({ status: 404, code: "ADVICE_NOT_FOUND", messageKey: "consultation.adviceNotFound" });
    await expect(answerQuestion(db, doctor, randomUUID(), { answer: "x" })).rejects.toMatchObject({ status: 404, code: "ADVICE_QUESTION_NOT_FOUND" });

    const events = await db.consultationEvent.findMany({ where: { consultationId: c.id }, orderBy: { at: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["create", "submit", "assign", "decline", "accept", "schedule", "startSession", "endSession", "complete"]);
    const audits = await db.auditLog.count({ where: { targetId: c.id, action: { startsWith: "consultation." } } });
    expect(audits).toBeGreaterThanOrEqual(events.length);
    expect(await db.notification.count({ where: { userId: doctor.id } })).toBeGreaterThan(3);
  });

  it("refuses every illegal transition from every status, leaving the row unchanged", async () => {
    const { doctor, expert, coordinator } = world;
    const actors = { COUNTY_DOCTOR: doctor, SPECIALIST: expert, COORDINATOR: coordinator } as const;
    let refused = 0;
    for (const status of ALL_STATUSES) {
      const c = await createDraft(db, doctor, { ...REQUEST, residentId: world.residentId, preferredExpertId: null });
      await db.consultation.update({ where: { id: c.id }, data: { status, expertId: expert.id } });
      for (const action of TRANSITION_ACTIONS) {
        if ((TRANSITIONS[action].from as readonly string[]).includes(status)) continue;
        for (const role of rolesFor(TRANSITIONS[action].access) as (keyof typeof actors)[]) {
          // A draft is not at the coordination centre yet: the coordinator is refused as a person.
          if (status === "DRAFT" && role === "COORDINATOR") continue;
          await expect(db.$transaction((tx) => runTransition(tx, actors[role], c.id, action)), `${action} from ${status} by ${role}`).rejects.toMatchObject({
            status: 409,
            code: "ILLEGAL_TRANSITION",
          });
          refused++;
        }
      }
      expect(await db.consultation.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status, version: 1 });
    }
    expect(refused).toBeGreaterThan(80);
  });

  it("withdraw and cancel need a reason and free the booked time", async () => {
    const { doctor, expert, coordinator } = world;
    let c = await createDraft(db, doctor, { ...REQUEST, residentId: world.residentId, preferredExpertId: null });
    c = await recordConsent(db, doctor, c.id, { method: "PORTAL_CONFIRMATION", givenBy: "测试患者", expectedVersion: c.version });
    c = (await submitRequest(db, doctor, c.id, c.version)).after;
    c = (await assignExpert(db, coordinator, c.id, { expertId: expert.id })).after;
    const slot = (await suggestExperts(db, coordinator, c.id)).find((s) => s.id === expert.id)!.nextSlot;
    c = (await bookConsultation(db, coordinator, c.id, { startsAt: slot! })).after;
    expect(await db.personBooking.count({ where: { appointment: { consultationId: c.id }, active: true } })).toBe(2);
    c = (await closeRequest(db, doctor, c.id, "cancel", { reason: "患者已转院" })).after;
    expect(c).toMatchObject({ status: "CANCELLED", closedReason: "患者已转院" });
    expect(await db.personBooking.count({ where: { appointment: { consultationId: c.id }, active: true } })).toBe(0);
    const appointments = await db.appointment.findMany({ where: { consultationId: c.id }, select: { id: true } });
    // The reminder sweep passes over the cancelled appointment, even when its reminder would be due.
    expect(appointments.length).toBeGreaterThan(0);
    const due = await dueReminders(db, new Date(slot!.getTime() - 10 * 60_000));
    expect(due.filter((reminder) => appointments.some((a) => a.id === reminder.appointmentId))).toEqual([]);
  });
});

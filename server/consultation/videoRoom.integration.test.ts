import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/server/db/client";
import { bookConsultation } from "@/server/scheduling/booking";
import { recordPanelFor } from "@/server/video/recordPanel";
import { requireRoomAccess } from "@/server/video/rooms";
import { useTestDatabase } from "@/test/db";
import { createDraft, recordConsent, submitRequest } from "./requests";
import { makeWorld, openExpertCalendar, REQUEST, type World } from "./testing";
import { assignExpert } from "./triage";
import { openConsultationRoom } from "./video";

let db: Db;
let world: World;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeWorld(db);
});

/** A county doctor of another hospital: may not see this hospital's consultations. */
async function outsiderDoctor() {
  const other = await makeWorld(db);
  return other.doctor;
}

async function submitted() {
  let c = await createDraft(db, world.doctor, { ...REQUEST, residentId: world.residentId, preferredExpertId: null });
  c = await recordConsent(db, world.doctor, c.id, { method: "ON_SCREEN_SIGNATURE", givenBy: "测试患者", expectedVersion: c.version });
  return (await submitRequest(db, world.doctor, c.id, c.version)).after;
}

describe("a consultation's video room (real PostgreSQL)", () => {
  it("is opened for a scheduled consultation with the expert hosting and the requesting doctor taking part, once", async () => {
    let c = await submitted();
    await expect(openConsultationRoom(db, world.doctor, c.id)).rejects.toMatchObject({ status: 409, code: "NOT_SCHEDULED" });

    c = (await assignExpert(db, world.coordinator, c.id, { expertId: world.expert.id })).after;
    const start = await openExpertCalendar(db, world.expert.id);
    c = (await bookConsultation(db, world.coordinator, c.id, { startsAt: start })).after;

    const { roomId } = await openConsultationRoom(db, world.doctor, c.id);
    expect((await openConsultationRoom(db, world.expert, c.id)).roomId).toBe(roomId);
    const asExpert = await requireRoomAccess(db, roomId, world.expert);
    expect(asExpert.myRole).toBe("HOST");
    expect(asExpert.scheduledStart.getTime()).toBe(start.getTime());
    expect((await requireRoomAccess(db, roomId, world.doctor)).myRole).toBe("PARTICIPANT");

    const outsider = await outsiderDoctor();
    await expect(openConsultationRoom(db, outsider, c.id)).rejects.toMatchObject({ status: 404 });
    await expect(requireRoomAccess(db, roomId, outsider)).rejects.toMatchObject({ status: 403 });
  });

  it("shows the request's summary and attachments beside the video only to those who may see the consultation", async () => {
    const c = await submitted();
    const panel = await recordPanelFor({ roomId: "unused", consultationId: c.id, user: world.doctor });
    expect(panel?.patientName).toContain("测试患者");
    expect(panel?.summary).toEqual(
      expect.arrayContaining([
        { labelKey: "cons.field.summary", value: REQUEST.clinicalSummary },
        { labelKey: "cons.field.question", value: REQUEST.question },
      ]),
    );
    const outsider = await outsiderDoctor();
    expect(await recordPanelFor({ roomId: "unused", consultationId: c.id, user: outsider })).toBeNull();
    expect(await recordPanelFor({ roomId: "unused", consultationId: null, user: world.doctor })).toBeNull();
  });
});

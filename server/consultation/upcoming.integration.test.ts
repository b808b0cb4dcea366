import { beforeAll, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/server/db/client";
import type { ConsultationStatus } from "@/server/db/generated/enums";
import { useTestDatabase } from "@/test/db";
import { makeConsultation, makeWorld, type World } from "./testing";
import { listUpcomingConsultations } from "./upcoming";

let db: Db;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
});

function make(world: World, status: ConsultationStatus, hoursFromNow: number | null, residentId = world.residentId) {
  return makeConsultation(db, world, {
    specialty: "NEUR",
    status,
    residentId,
    expertId: status === "DRAFT" ? null : world.expert.id,
    scheduledStart: hoursFromNow === null ? null : new Date(Date.now() + hoursFromNow * 3_600_000),
  });
}

describe("listUpcomingConsultations (real PostgreSQL)", () => {
  it("lists only the patient's scheduled and in-session consultations, soonest first, with the expert and institution", async () => {
    const world = await makeWorld(db);
    const later = await make(world, "SCHEDULED", 48);
    const now = await make(world, "IN_SESSION", 0);
    const soon = await make(world, "SCHEDULED", 2);
    await make(world, "COMPLETED", -24);
    await make(world, "SUBMITTED", null);
    await make(world, "CANCELLED", 5);
    const other = await makeWorld(db);
    await make(other, "SCHEDULED", 1);

    const upcoming = await listUpcomingConsultations(db, world.patient);
    expect(upcoming.map((c) => c.id)).toEqual([now.id, soon.id, later.id]);
    expect(upcoming[1]).toMatchObject({ status: "SCHEDULED", specialty: "NEUR", expert: { name: world.expert.displayName, institution: { name: "省医院" } } });
    expect(upcoming[1]?.scheduledStart?.getTime()).toBe(soon.scheduledStart?.getTime());
  });

  it("is empty for a patient with nothing scheduled, and refuses staff", async () => {
    const world = await makeWorld(db);
    await make(world, "COMPLETED", -1);
    expect(await listUpcomingConsultations(db, world.patient)).toEqual([]);
    await expect(listUpcomingConsultations(db, world.doctor)).rejects.toMatchObject({ status: 403 });
  });
});

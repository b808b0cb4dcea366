/** Test data for surgical teaching: a provincial hospital with an operating room and two kits, two county hospitals, their people. */
import type { SessionUser } from "@/server/auth/signIn";
import { makeUser } from "@/server/consultation/testing";
import type { Db } from "@/server/db/client";
import { unique } from "@/test/db";
import type { ScheduleInput } from "./schedule";

export interface TeachingWorld {
  provincialId: string;
  countyId: string;
  otherCountyId: string;
  surgeon: SessionUser;
  otherSurgeon: SessionUser;
  coordinator: SessionUser;
  assistant: SessionUser;
  trainee: SessionUser;
  colleague: SessionUser;
  countyAdmin: SessionUser;
  outsider: SessionUser;
  outsiderAdmin: SessionUser;
  patient: SessionUser;
  operatingRoomId: string;
  otherOperatingRoomId: string;
  cameraKitId: string;
  otherCameraKitId: string;
}

const institution = (db: Db, level: "PROVINCIAL" | "COUNTY", name: string) =>
  db.institution.create({ data: { code: unique(level[0] as string).slice(0, 32), name, level, regionCode: level === "PROVINCIAL" ? "440100" : "441424" } });

export async function makeTeachingWorld(db: Db): Promise<TeachingWorld> {
  const provincial = await institution(db, "PROVINCIAL", "省人民医院");
  const county = await institution(db, "COUNTY", "五华县人民医院");
  const otherCounty = await institution(db, "COUNTY", "紫金县人民医院");
  const room = await db.operatingRoom.create({ data: { institutionId: provincial.id, code: unique("OR").slice(0, 32), name: "第三手术室" } });
  const otherRoom = await db.operatingRoom.create({ data: { institutionId: provincial.id, code: unique("OR").slice(0, 32), name: "第五手术室" } });
  const kit = await db.cameraKit.create({ data: { institutionId: provincial.id, operatingRoomId: room.id, code: unique("KIT").slice(0, 32), name: "腔镜示教摄像组 A" } });
  const otherKit = await db.cameraKit.create({ data: { institutionId: provincial.id, operatingRoomId: otherRoom.id, code: unique("KIT").slice(0, 32), name: "腔镜示教摄像组 B" } });
  return {
    provincialId: provincial.id,
    countyId: county.id,
    otherCountyId: otherCounty.id,
    surgeon: await makeUser(db, "SPECIALIST", provincial.id),
    otherSurgeon: await makeUser(db, "SPECIALIST", provincial.id),
    coordinator: await makeUser(db, "COORDINATOR", provincial.id),
    assistant: await makeUser(db, "SPECIALIST", provincial.id),
    trainee: await makeUser(db, "COUNTY_DOCTOR", county.id),
    colleague: await makeUser(db, "COUNTY_DOCTOR", county.id),
    countyAdmin: await makeUser(db, "INSTITUTION_ADMIN", county.id),
    outsider: await makeUser(db, "COUNTY_DOCTOR", otherCounty.id),
    outsiderAdmin: await makeUser(db, "INSTITUTION_ADMIN", otherCounty.id),
    patient: await makeUser(db, "PATIENT", null),
    operatingRoomId: room.id,
    otherOperatingRoomId: otherRoom.id,
    cameraKitId: kit.id,
    otherCameraKitId: otherKit.id,
  };
}

/** A session of the world: its surgeon in its first room with its first kit, the coordinator moderating, the first county invited. */
export function sessionInput(world: TeachingWorld, startsAt: Date, overrides: Partial<ScheduleInput> = {}): ScheduleInput {
  return {
    title: "腹腔镜胆囊切除术示教",
    procedure: "腹腔镜胆囊切除术（LC）",
    description: "三孔法，重点讲解 Calot 三角的解剖。",
    surgeonId: world.surgeon.id,
    moderatorIds: [world.coordinator.id],
    operatingRoomId: world.operatingRoomId,
    cameraKitId: world.cameraKitId,
    startsAt,
    durationMinutes: 120,
    invitedInstitutionIds: [world.countyId],
    ...overrides,
  };
}

/** A start `days` days ahead on a whole hour plus `minutes`: far enough that no other test's session of the same world overlaps by accident. */
export function futureStart(days: number, minutes = 0): Date {
  const hour = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
  return new Date(hour + days * 86_400_000 + minutes * 60_000);
}

/**
 * The bookable things a coordinator schedules on: operating rooms and camera kits (added here),
 * and the people and institutions the scheduling form offers.
 */
import { z } from "zod";
import { ConflictError, ValidationError } from "@/lib/errors";
import { displayText } from "@/lib/validation";
import { TEACHING_MODERATOR_ROLES } from "@/server/access/policy";
import { audit } from "@/server/audit";
import type { SessionUser } from "@/server/auth/signIn";
import type { Db } from "@/server/db/client";
import type { InstitutionLevel } from "@/server/db/generated/enums";

const code = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);

export const resourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("OPERATING_ROOM"), institutionId: z.uuid(), code, name: displayText(100).min(1) }),
  z.strictObject({ kind: z.literal("CAMERA_KIT"), institutionId: z.uuid(), code, name: displayText(100).min(1), operatingRoomId: z.uuid().optional() }),
]);

export async function addResource(db: Db, actor: SessionUser, input: z.infer<typeof resourceSchema>, requestId?: string): Promise<{ id: string; kind: string }> {
  const institution = await db.institution.findUnique({ where: { id: input.institutionId }, select: { id: true } });
  if (!institution) throw new ValidationError("teaching.institutionInvalid");
  try {
    const created =
      input.kind === "OPERATING_ROOM"
        ? await db.operatingRoom.create({ data: { institutionId: input.institutionId, code: input.code, name: input.name } })
        : await db.cameraKit.create({ data: { institutionId: input.institutionId, code: input.code, name: input.name, operatingRoomId: await homeRoom(db, input.institutionId, input.operatingRoomId) } });
    await audit(db, { actorId: actor.id, actorRole: actor.role, action: "teaching.resource.add", targetType: input.kind === "OPERATING_ROOM" ? "operating_room" : "camera_kit", targetId: created.id, requestId });
    return { id: created.id, kind: input.kind };
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new ConflictError("teaching.resourceCodeTaken", undefined, "RESOURCE_CODE_TAKEN");
    throw error;
  }
}

/** A kit's home room must be of the kit's hospital. */
async function homeRoom(db: Db, institutionId: string, operatingRoomId: string | undefined): Promise<string | null> {
  if (!operatingRoomId) return null;
  const room = await db.operatingRoom.findUnique({ where: { id: operatingRoomId }, select: { institutionId: true } });
  if (room?.institutionId !== institutionId) throw new ValidationError("teaching.operatingRoomInvalid");
  return operatingRoomId;
}

export interface SchedulingOptions {
  operatingRooms: { id: string; code: string; name: string; institutionId: string; institutionName: string }[];
  cameraKits: { id: string; code: string; name: string; institutionId: string; operatingRoomId: string | null }[];
  surgeons: { id: string; displayName: string; title: string | null; institutionName: string | null; department: string | null }[];
  moderators: { id: string; displayName: string; role: string; institutionName: string | null }[];
  institutions: { id: string; name: string; nameEn: string | null; level: InstitutionLevel }[];
}

const LEVEL_ORDER: InstitutionLevel[] = ["PROVINCIAL", "CITY", "COUNTY", "TOWNSHIP", "VILLAGE"];

/** What the scheduling form offers: active rooms and kits, active specialists (surgeons), coordinators and specialists (moderators), institutions. */
export async function schedulingOptions(db: Db): Promise<SchedulingOptions> {
  const [rooms, kits, people, institutions] = await Promise.all([
    db.operatingRoom.findMany({ where: { active: true }, include: { institution: { select: { name: true } } }, orderBy: [{ institutionId: "asc" }, { code: "asc" }], take: 500 }),
    db.cameraKit.findMany({ where: { active: true }, orderBy: [{ institutionId: "asc" }, { code: "asc" }], take: 500 }),
    db.user.findMany({
      where: { disabled: false, role: { in: [...TEACHING_MODERATOR_ROLES] } },
      select: { id: true, displayName: true, title: true, role: true, institution: { select: { name: true } }, department: { select: { name: true } } },
      orderBy: { displayName: "asc" },
      take: 2000,
    }),
    db.institution.findMany({ select: { id: true, name: true, nameEn: true, level: true }, orderBy: { code: "asc" }, take: 3000 }),
  ]);
  return {
    operatingRooms: rooms.map((r) => ({ id: r.id, code: r.code, name: r.name, institutionId: r.institutionId, institutionName: r.institution.name })),
    cameraKits: kits.map((k) => ({ id: k.id, code: k.code, name: k.name, institutionId: k.institutionId, operatingRoomId: k.operatingRoomId })),
    surgeons: people
      .filter((p) => p.role === "SPECIALIST")
      .map((p) => ({ id: p.id, displayName: p.displayName, title: p.title, institutionName: p.institution?.name ?? null, department: p.department?.name ?? null })),
    moderators: people.map((p) => ({ id: p.id, displayName: p.displayName, role: p.role, institutionName: p.institution?.name ?? null })),
    institutions: institutions.sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level)),
  };
}

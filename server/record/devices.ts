/**
 * Home devices (blood-pressure monitors, glucometers, heart-rate bands) paired to a resident's
 * record by the resident or a family member who manages it (record.manage, through
 * authorizeRecord). Pairing makes the device's bearer token, shown once (text and QR code) and
 * kept only as its SM3; revoking it makes the device API refuse the token from the next request
 * on (401, devicesIngest.ts: the token is looked up in the database on every batch, no cache).
 * Pairing and revoking are audited under the resident.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError, isAppError, NotFoundError } from "@/lib/errors";
import { displayText } from "@/lib/validation";
import type { Actor } from "@/server/access/policy";
import type { Db } from "@/server/db/client";
import { MISSING } from "@/server/notFound";
import { auditRecordAccess, authorizeRecord, type RecordAccessContext } from "./access";
import { DEVICE_TOKEN_PREFIX, deviceTokenHash } from "./devicesIngest";
import { HOME_DEVICE_KINDS, type HomeDeviceKind } from "./vitals";

/** Devices in use on one record at once: enough for a household, few enough that a stolen session cannot mint thousands of tokens. */
export const MAX_ACTIVE_DEVICES = 20;

export const pairDeviceSchema = z.object({
  residentId: z.uuid(),
  kind: z.enum(HOME_DEVICE_KINDS as [HomeDeviceKind, ...HomeDeviceKind[]]),
  label: displayText(100).pipe(z.string().min(1)),
});

export interface DeviceView {
  id: string;
  kind: HomeDeviceKind;
  label: string;
  tokenHint: string;
  pairedAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

type DeviceRow = { id: string; kind: HomeDeviceKind; label: string; tokenHint: string; pairedAt: Date; lastSeenAt: Date | null; revokedAt: Date | null };

const view = (d: DeviceRow): DeviceView => ({
  id: d.id,
  kind: d.kind,
  label: d.label,
  tokenHint: d.tokenHint,
  pairedAt: d.pairedAt.toISOString(),
  lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
  revokedAt: d.revokedAt?.toISOString() ?? null,
});

const DEVICE_SELECT = { id: true, kind: true, label: true, tokenHint: true, pairedAt: true, lastSeenAt: true, revokedAt: true } as const;

/** A new device token: the prefix says what it is (for secret scanners), 32 random bytes make it. */
export function newDeviceToken(): string {
  return DEVICE_TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

export async function listDevices(db: Db, actor: Actor, residentId: string): Promise<DeviceView[]> {
  await authorizeRecord(db, actor, residentId, "record.manage");
  const rows = await db.homeDevice.findMany({ where: { residentId }, select: DEVICE_SELECT, orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { pairedAt: "desc" }] });
  return rows.map(view);
}

export async function pairDevice(db: Db, actor: Actor, input: z.infer<typeof pairDeviceSchema>, context: RecordAccessContext = {}): Promise<{ device: DeviceView; token: string }> {
  const grant = await authorizeRecord(db, actor, input.residentId, "record.manage");
  const token = newDeviceToken();
  return db.$transaction(async (tx) => {
    // Counted in the transaction that adds one; two pairings at once may both pass the count, which stays bounded.
    const active = await tx.homeDevice.count({ where: { residentId: input.residentId, revokedAt: null } });
    if (active >= MAX_ACTIVE_DEVICES) throw new AppError("CONFLICT", "vitals.device.tooMany", { publicCode: "TOO_MANY_DEVICES", params: { max: MAX_ACTIVE_DEVICES } });
    const device = await tx.homeDevice.create({
      data: { residentId: input.residentId, kind: input.kind, label: input.label, tokenHash: deviceTokenHash(token), tokenHint: token.slice(-4), pairedById: actor.id },
      select: DEVICE_SELECT,
    });
    await auditRecordAccess(tx, actor, grant, "record.device.paired", { deviceId: device.id, kind: device.kind, label: device.label }, context);
    return { device: view(device), token };
  });
}

/** Revokes a device of a record the actor manages; one of any other record answers 404 DEVICE_NOT_FOUND. Revoking twice changes nothing. */
export async function revokeDevice(db: Db, actor: Actor, deviceId: string, context: RecordAccessContext = {}): Promise<DeviceView> {
  const device = await db.homeDevice.findUnique({ where: { id: deviceId }, select: { ...DEVICE_SELECT, residentId: true } });
  if (!device) throw new NotFoundError(MISSING.device);
  const grant = await authorizeRecord(db, actor, device.residentId, "record.manage").catch((error: unknown) => {
    throw isAppError(error) && error.status === 404 ? new NotFoundError(MISSING.device) : error;
  });
  if (device.revokedAt) return view(device);
  return db.$transaction(async (tx) => {
    // Only a device still in use: of two revocations at once, one revokes (and is audited), the other answers what it finds.
    const { count } = await tx.homeDevice.updateMany({ where: { id: device.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 1) await auditRecordAccess(tx, actor, grant, "record.device.revoked", { deviceId: device.id, kind: device.kind, label: device.label }, context);
    return view(await tx.homeDevice.findUniqueOrThrow({ where: { id: device.id }, select: DEVICE_SELECT }));
  });
}

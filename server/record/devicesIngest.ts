/**
 * The home-device API (POST /api/v1/devices/readings): a paired device sends a batch of readings
 * with its own bearer token (shown once at pairing, server/record/devices.ts). Framework-free: the
 * raw fast route (server/http/deviceRoute.ts) hands it the header and the body text.
 *
 * Order of refusals: a missing or malformed token 401 at once; a body that cannot be a batch 400
 * (or 413 past MAX_READINGS_PER_BATCH), but only after the token was found live, so a stranger
 * learns nothing from our validation; each reading is checked by server/record/vitals.ts (unit,
 * a value a living person can have, diastolic below systolic) and its time (not ahead of our
 * clock by more than CLOCK_SKEW_MS, not older than OLDEST_READING_MS). A refusal names the
 * reading's index and field and nothing is stored: the device fixes the batch and sends it again.
 * Then one statement (devicesStore.ts) stores it: the device's resident always comes from the
 * device row, never from the request.
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { MessageKey } from "@/lib/i18n/messages";
import { unsafeInputError } from "@/lib/validation";
import { sm3Hex } from "@/server/crypto/sm";
import type { DeviceBatchResult, DeviceReadingStore, ReadingRow, StoredAlert } from "./devicesStore";
import { checkVital, DEVICE_MEASURES, flagOf, HOME_DEVICE_KINDS, isVitalProblem, VITAL_KINDS, type VitalKind } from "./vitals";

export const MAX_READINGS_PER_BATCH = 100;
/** The largest body the device API reads: 100 readings of the longest form fit with room to spare. */
export const MAX_DEVICE_BODY_BYTES = 64 * 1024;
/** A device's clock may run this far ahead of ours. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** A device that was away for a year still uploads what it kept; anything older is a wrong clock. */
export const OLDEST_READING_MS = 366 * 24 * 3_600_000;

export const DEVICE_TOKEN_PREFIX = "rmpd_";
const BEARER = /^Bearer\s+(\S{8,200})$/i;

const readingSchema = z.object({
  /** The device's own id of the reading: the same id sent again is the same reading. */
  id: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, "1–64 letters, digits or . _ : -"),
  kind: z.enum(VITAL_KINDS as [VitalKind, ...VitalKind[]]),
  measuredAt: z.iso.datetime({ offset: true }),
  value: z.number(),
  value2: z.number().nullable().optional(),
  unit: z.string().min(1).max(16),
});

/** The batch as the API declares it (the fuzz suite generates bodies from it); checked reading by reading below. */
export const deviceReadingsBody = z.object({ readings: z.array(readingSchema).min(1).max(MAX_READINGS_PER_BATCH) });

export interface DeviceIngestRequest {
  authorization: string | undefined;
  rawBody: string;
  ip: string | null;
  requestId: string;
}

/** Counts one batch of a token; throws a 429 (RateLimitedError) when it has sent its share of the window. */
export type DeviceBatchLimit = (tokenHash: string) => Promise<void>;

export interface DeviceIngestAnswer {
  /** Readings sent in the batch. */
  received: number;
  /** Readings stored now. */
  stored: number;
  /** Readings this device had sent before (same id): not stored again. */
  duplicates: number;
  /** New readings outside the reference range: each is on the care team's worklist. */
  flagged: number;
}

/** Told about the new alerts of a batch (server/record/alerts.ts queues the care team's notification); it must not throw. */
export type AlertListener = (residentId: string, alerts: StoredAlert[]) => void;

/** 401 DEVICE_UNAUTHENTICATED: no token, a malformed one, one no device has, a revoked one: all alike. */
export class DeviceTokenError extends AppError {
  constructor() {
    super("UNAUTHENTICATED", "vitals.device.unauthenticated", { publicCode: "DEVICE_UNAUTHENTICATED" });
  }
}

/** 400 READING_INVALID naming where: `readings[3].value`. */
function readingError(where: string, messageKey: MessageKey, params: Record<string, string | number> = {}, details?: unknown): AppError {
  return new AppError("VALIDATION_FAILED", messageKey, { publicCode: "READING_INVALID", params: { where, ...params }, details: details ?? [{ path: where }] });
}

function batchError(messageKey: MessageKey, publicCode: string, params: Record<string, string | number> = {}, status = 400): AppError {
  return new AppError("VALIDATION_FAILED", messageKey, { publicCode, params, status });
}

const pathOf = (path: readonly PropertyKey[]) => path.reduce<string>((at, key) => (typeof key === "number" ? `${at}[${key}]` : at ? `${at}.${String(key)}` : String(key)), "");

/** The batch checked, each reading in its kind's own unit with its flag; throws the first problem. */
export function checkBatch(rawBody: string, now: Date): ReadingRow[] {
  let raw: unknown;
  try {
    raw = JSON.parse(rawBody);
  } catch {
    throw new AppError("VALIDATION_FAILED", "errors.badJson", { publicCode: "BAD_JSON" });
  }
  const unsafe = unsafeInputError(raw);
  if (unsafe) throw unsafe;
  const readings = raw !== null && typeof raw === "object" ? (raw as { readings?: unknown }).readings : undefined;
  if (!Array.isArray(readings)) throw batchError("vitals.ingest.notBatch", "NOT_A_BATCH");
  if (readings.length === 0) throw batchError("vitals.ingest.empty", "EMPTY_BATCH");
  if (readings.length > MAX_READINGS_PER_BATCH) throw batchError("vitals.ingest.tooMany", "BATCH_TOO_LARGE", { max: MAX_READINGS_PER_BATCH, count: readings.length }, 413);
  const rows: ReadingRow[] = [];
  for (const [index, item] of readings.entries()) {
    const parsed = readingSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0] as z.core.$ZodIssue;
      const where = pathOf(["readings", index, ...issue.path]);
      throw readingError(where, "vitals.problem.shape", { message: issue.message }, parsed.error.issues.map((i) => ({ path: pathOf(["readings", index, ...i.path]), message: i.message })));
    }
    const reading = parsed.data;
    const checked = checkVital(reading);
    if (isVitalProblem(checked)) throw readingError(`readings[${index}].${checked.field}`, checked.messageKey, checked.params);
    const measuredAt = new Date(reading.measuredAt);
    if (measuredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw readingError(`readings[${index}].measuredAt`, "vitals.problem.future", { measuredAt: reading.measuredAt });
    if (measuredAt.getTime() < now.getTime() - OLDEST_READING_MS) throw readingError(`readings[${index}].measuredAt`, "vitals.problem.tooOld", { measuredAt: reading.measuredAt });
    rows.push({ readingId: reading.id, kind: checked.kind, value: checked.value, value2: checked.value2, unit: checked.unit, measuredAt, flag: flagOf(checked, "DEVICE") });
  }
  return rows;
}

/** Every (device kind, reading kind) pair vitals.ts allows, as the store compares them. */
export const ALLOWED_PAIRS: readonly string[] = HOME_DEVICE_KINDS.flatMap((device) => DEVICE_MEASURES[device].map((kind) => `${device}:${kind}`));

export function deviceTokenHash(token: string): string {
  return sm3Hex(token);
}

function tokenHashOf(authorization: string | undefined): string {
  const match = BEARER.exec(authorization ?? "");
  if (!match) throw new DeviceTokenError();
  return deviceTokenHash(match[1] as string);
}

/**
 * Stores a batch from a device: the answer says how many were stored and how many were
 * duplicates. `onAlerts` is told of new flagged readings; the device does not wait for the care
 * team to be told (the alerts are stored and on the worklist already).
 */
export async function ingestDeviceReadings(store: DeviceReadingStore, request: DeviceIngestRequest, onAlerts?: AlertListener, now: Date = new Date(), limit?: DeviceBatchLimit): Promise<DeviceIngestAnswer> {
  const tokenHash = tokenHashOf(request.authorization);
  // Before the body is looked at: a device stuck in a resend loop (or a stolen token) costs one counter, not a statement.
  await limit?.(tokenHash);
  let readings: ReadingRow[];
  try {
    readings = checkBatch(request.rawBody, now);
  } catch (error) {
    if (!(await store.deviceByTokenHash(tokenHash))) throw new DeviceTokenError();
    throw error;
  }
  const result: DeviceBatchResult = await store.ingest({ tokenHash, readings, allowedPairs: ALLOWED_PAIRS, ip: request.ip, requestId: request.requestId });
  if (!result.device) throw new DeviceTokenError();
  if (result.refusedIndex !== null) {
    const kind = readings[result.refusedIndex]?.kind ?? "";
    throw readingError(`readings[${result.refusedIndex}].kind`, "vitals.problem.deviceKind", { kind, device: result.device.kind, kinds: DEVICE_MEASURES[result.device.kind].join(", ") });
  }
  if (result.alerts.length > 0) onAlerts?.(result.device.residentId, result.alerts);
  return { received: readings.length, stored: result.stored, duplicates: readings.length - result.stored, flagged: result.alerts.length };
}

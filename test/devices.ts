/**
 * Test data for home devices, readings and alerts: a resident whose card was issued at a county
 * hospital (so its clinicians are the care team), clinicians of that hospital and of another, and
 * the platform's HTTP entry with the real device, pairing and worklist routes behind it.
 */
import { randomBytes } from "node:crypto";
import type { SessionUser } from "@/server/auth/signIn";
import { signedInSession } from "@/server/auth/testing";
import { getConfig } from "@/server/config";
import { makeUser } from "@/server/consultation/testing";
import type { Db } from "@/server/db/client";
import { unique } from "@/test/db";
import { startHttpEntry, type HttpEntry, type RouteMatch } from "@/test/httpEntry";
import * as devicesRoute from "@/app/api/record/devices/route";
import * as revokeRoute from "@/app/api/record/devices/[id]/revoke/route";
import * as acknowledgeRoute from "@/app/api/vitals/alerts/acknowledge/route";
import type { HomeDeviceKind } from "@/server/record/vitals";

export interface RecordWorld {
  /** The county hospital that issued the resident's card. */
  countyId: string;
  /** Another county hospital: nothing to do with the resident. */
  otherId: string;
  provincialId: string;
  patient: SessionUser;
  residentId: string;
  residentName: string;
  /** A county doctor of the issuing hospital: on the care team. */
  doctor: SessionUser;
  /** A county doctor of the other hospital: not. */
  stranger: SessionUser;
  expert: SessionUser;
}

export async function makeInstitution(db: Db, level: "COUNTY" | "PROVINCIAL" = "COUNTY"): Promise<string> {
  const row = await db.institution.create({ data: { code: unique(level === "COUNTY" ? "C" : "P").slice(0, 32), name: `${level} hospital`, level, regionCode: "441424" } });
  return row.id;
}

/** A resident with a portal account and a card issued at `institutionId`. */
export async function makeResident(db: Db, institutionId: string | null, name = "测试居民"): Promise<{ patient: SessionUser; residentId: string }> {
  const patient = await makeUser(db, "PATIENT", null);
  const resident = await db.resident.create({ data: { masterIndexId: randomBytes(32).toString("hex"), name, userId: patient.id } });
  await db.healthCard.create({ data: { residentId: resident.id, cardId: randomBytes(32).toString("hex").toUpperCase(), keyVersion: 1, channel: "WINDOW", issuingInstitutionId: institutionId } });
  return { patient, residentId: resident.id };
}

export async function makeRecordWorld(db: Db): Promise<RecordWorld> {
  const [countyId, otherId, provincialId] = [await makeInstitution(db), await makeInstitution(db), await makeInstitution(db, "PROVINCIAL")];
  const residentName = "王家庭";
  const { patient, residentId } = await makeResident(db, countyId, residentName);
  return {
    countyId,
    otherId,
    provincialId,
    patient,
    residentId,
    residentName,
    doctor: await makeUser(db, "COUNTY_DOCTOR", countyId),
    stranger: await makeUser(db, "COUNTY_DOCTOR", otherId),
    expert: await makeUser(db, "SPECIALIST", provincialId),
  };
}

const ROUTES: { pattern: RegExp; methods: Record<string, unknown>; param?: string }[] = [
  { pattern: /^\/api\/record\/devices(?:\?.*)?$/, methods: devicesRoute },
  { pattern: /^\/api\/record\/devices\/([^/?]+)\/revoke$/, methods: revokeRoute, param: "id" },
  { pattern: /^\/api\/vitals\/alerts\/acknowledge$/, methods: acknowledgeRoute },
];

/** The platform's entry (handleHttpRequest: the device fast route among the others) with the real pairing and worklist routes as "Next". */
export function startRecordEntry(): Promise<HttpEntry> {
  return startHttpEntry((req) => {
    for (const route of ROUTES) {
      const match = route.pattern.exec(req.url ?? "");
      const handler = match ? (route.methods[req.method ?? "GET"] as RouteMatch) : undefined;
      if (match && handler) return route.param ? { route: handler as Exclude<RouteMatch, undefined | { route: unknown }>, params: { [route.param]: match[1] as string } } : handler;
    }
    return undefined;
  });
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  json: T & { error?: { code: string; message: string; details?: unknown } };
}

/** A signed-in person's API client, as the platform's own pages call it (same origin). */
export async function clientOf(base: string, user: SessionUser, locale = "en") {
  const { cookie } = await signedInSession(user.id, { locale });
  const headers = { cookie, origin: getConfig().publicOrigins[0] as string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<Answer<T>> => {
    const response = await fetch(`${base}${path}`, { method, headers: { ...headers, ...(body !== undefined ? { "content-type": "application/json" } : {}) }, body: body !== undefined ? JSON.stringify(body) : undefined });
    return { status: response.status, json: (await response.json()) as Answer<T>["json"] };
  };
  return {
    get: <T>(path: string) => call<T>("GET", path),
    post: <T>(path: string, body?: unknown) => call<T>("POST", path, body),
  };
}

/** A device API call with a bearer token: the body as given (a string is sent as is). */
export async function postReadings(base: string, token: string | null, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${base}/api/v1/devices/readings`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Answer["json"] };
}

/** A device paired through the domain (not the API), with its token. */
export async function pairedDevice(db: Db, patient: SessionUser, residentId: string, kind: HomeDeviceKind = "BLOOD_PRESSURE_MONITOR"): Promise<{ id: string; token: string }> {
  const { pairDevice } = await import("@/server/record/devices");
  const { device, token } = await pairDevice(db, patient, { residentId, kind, label: `${kind} ${unique("d")}` });
  return { id: device.id, token };
}

/** A reading taken `minutesAgo` minutes ago. */
export function bp(id: string, value: number, value2: number, minutesAgo = 5) {
  return { id, kind: "BLOOD_PRESSURE", measuredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), value, value2, unit: "mmHg" };
}

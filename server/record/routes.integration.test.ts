/**
 * The shared record's routes called as Next calls them (session cookie, JSON body, path ids):
 * what each bad input gets, and that the answers carry nothing of a record the caller may not read.
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as fileRoute } from "@/app/api/record/files/[id]/route";
import { POST as grantRoute } from "@/app/api/record/consents/route";
import { POST as revokeRoute } from "@/app/api/record/consents/[id]/revoke/route";
import { POST as emergencyRoute } from "@/app/api/record/emergency/route";
import { GET as recordRoute } from "@/app/api/record/residents/[id]/route";
import { GET as myConsultationRoute } from "@/app/api/my-record/consultations/[id]/route";
import { signedInSession } from "@/server/auth/testing";
import { makeConsultation } from "@/server/consultation/testing";
import { getDb, type Db } from "@/server/db/client";
import { setHealthCardKeys } from "@/server/healthcard/keyStore";
import { randomTestKeys } from "@/server/healthcard/testKeys";
import { shanghaiDateKey } from "@/server/scheduling/time";
import { useTestDatabase } from "@/test/db";
import { makeRecordEntry, makeRecordFile, makeRecordWorld, type RecordWorld } from "./testing";

let db: Db;
let world: RecordWorld;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  await useTestDatabase();
  setHealthCardKeys(randomTestKeys());
  db = getDb();
  world = await makeRecordWorld(db);
  for (const [key, user] of Object.entries({ doctor: world.doctor, stranger: world.stranger, patient: world.patient, admin: world.admin })) cookies[key] = (await signedInSession(user.id, { locale: "en" })).cookie;
});

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, who: string, url: string, params: Record<string, string> = {}, body?: unknown) {
  const headers: Record<string, string> = { cookie: cookies[who] ?? "" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const request = new NextRequest(`http://127.0.0.1${url}`, { method: body === undefined ? "GET" : "POST", headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, response, text: await response.clone().text() };
}

describe("shared record routes", () => {
  it("the record: 200 for the own institution, 404 RESIDENT_NOT_FOUND for a stranger (no name in the answer), 404 for a malformed id, 400 for an unknown category or a malformed institution, 403 for an admin, 401 without a session", async () => {
    await makeRecordEntry(db, { residentId: world.residentId, institutionId: world.institutionId, category: "SUMMARY", title: "糖尿病" });
    const ok = await call(recordRoute, "doctor", `/api/record/residents/${world.residentId}?category=SUMMARY`, { id: world.residentId });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ ground: "ownInstitution", entries: [{ title: "糖尿病" }] });
    const denied = await call(recordRoute, "stranger", `/api/record/residents/${world.residentId}`, { id: world.residentId });
    expect(denied.status).toBe(404);
    expect(JSON.parse(denied.text)).toMatchObject({ error: { code: "RESIDENT_NOT_FOUND" } });
    expect(denied.text).not.toContain("糖尿病");
    expect(denied.text).not.toContain("测试患者");
    expect((await call(recordRoute, "doctor", "/api/record/residents/not-a-uuid", { id: "not-a-uuid" })).status).toBe(404);
    expect((await call(recordRoute, "doctor", `/api/record/residents/${world.residentId}?category=SECRET`, { id: world.residentId })).status).toBe(400);
    expect((await call(recordRoute, "doctor", `/api/record/residents/${world.residentId}?institution=1`, { id: world.residentId })).status).toBe(400);
    expect((await call(recordRoute, "doctor", `/api/record/residents/${world.residentId}?category=%00`, { id: world.residentId })).status).toBe(400);
    expect((await call(recordRoute, "admin", `/api/record/residents/${world.residentId}`, { id: world.residentId })).status).toBe(403);
    expect((await call(recordRoute, "nobody", `/api/record/residents/${world.residentId}`, { id: world.residentId })).status).toBe(401);
  });

  it("a file: the bytes with attachment headers for the allowed, 404 RECORD_FILE_NOT_FOUND otherwise", async () => {
    const entry = await makeRecordEntry(db, { residentId: world.residentId, institutionId: world.institutionId, category: "DOCUMENT", title: "出院小结" });
    const file = await makeRecordFile(db, entry, Buffer.from("%PDF-1.4 出院小结"), "出院小结.pdf");
    const ok = await call(fileRoute, "doctor", `/api/record/files/${file.id}`, { id: file.id });
    expect(ok.status).toBe(200);
    expect(ok.response.headers.get("content-disposition")).toBe(`attachment; filename*=UTF-8''${encodeURIComponent("出院小结.pdf")}`);
    expect(ok.response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(ok.response.headers.get("cache-control")).toBe("private, no-store");
    const denied = await call(fileRoute, "stranger", `/api/record/files/${file.id}`, { id: file.id });
    expect([denied.status, JSON.parse(denied.text).error.code]).toEqual([404, "RECORD_FILE_NOT_FOUND"]);
  });

  it("consents: 200 grant, 400 for bad JSON, a self-grant, a past day, a NUL byte or a huge purpose; revoke 200, another's 404", async () => {
    const url = "/api/record/consents";
    const body = { residentId: world.residentId, granteeUsername: world.stranger.username, categories: ["SUMMARY"], expiresOn: shanghaiDateKey(new Date(Date.now() + 86_400_000)), purpose: "复查" };
    const granted = await call(grantRoute, "patient", url, {}, body);
    expect(granted.status).toBe(200);
    const id = (JSON.parse(granted.text) as { id: string }).id;
    expect((await call(grantRoute, "patient", url, {}, "{not json")).status).toBe(400);
    expect(JSON.parse((await call(grantRoute, "patient", url, {}, { ...body, granteeUsername: world.patient.username })).text)).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
    expect((await call(grantRoute, "patient", url, {}, { ...body, expiresOn: "2000-01-01" })).status).toBe(400);
    expect(JSON.parse((await call(grantRoute, "patient", url, {}, { ...body, purpose: "复\u0000查" })).text)).toMatchObject({ error: { code: "NUL_BYTE" } });
    expect(JSON.parse((await call(grantRoute, "patient", url, {}, { ...body, purpose: "长".repeat(5000) })).text)).toMatchObject({ error: { code: "TEXT_TOO_LONG" } });
    expect((await call(grantRoute, "doctor", url, {}, body)).status).toBe(403);
    expect((await call(revokeRoute, "patient", `/api/record/consents/${id}/revoke`, { id }, {})).status).toBe(200);
    const other = await makeRecordWorld(db);
    const theirs = await db.recordConsent.create({ data: { residentId: other.residentId, granteeUserId: world.stranger.id, categories: [], expiresAt: new Date(Date.now() + 86_400_000), grantedById: other.patient.id } });
    expect((await call(revokeRoute, "patient", `/api/record/consents/${theirs.id}/revoke`, { id: theirs.id }, {})).status).toBe(404);
    expect((await db.recordConsent.findUniqueOrThrow({ where: { id: theirs.id } })).revokedAt).toBeNull();
  });

  it("emergency: 200 opens with the card ID; 400 without a reason or over 24 hours; 403 for a patient", async () => {
    const body = { identifier: world.cardId, reason: "急诊：意识不清，需要既往史", hours: 2 };
    expect((await call(emergencyRoute, "stranger", "/api/record/emergency", {}, { ...body, reason: "" })).status).toBe(400);
    expect((await call(emergencyRoute, "stranger", "/api/record/emergency", {}, { ...body, hours: 48 })).status).toBe(400);
    expect((await call(emergencyRoute, "patient", "/api/record/emergency", {}, body)).status).toBe(403);
    const opened = await call(emergencyRoute, "stranger", "/api/record/emergency", {}, body);
    expect(opened.status).toBe(200);
    expect(JSON.parse(opened.text)).toMatchObject({ residentId: world.residentId, existing: false });
  });

  it("the patient's own consultation: 200 with the opinion (the 403 of the staff route no longer applies); 404 for another patient's", async () => {
    const c = await makeConsultation(db, world, { status: "COMPLETED", expertId: world.expert.id, question: "需要手术吗？" });
    const mine = await call(myConsultationRoute, "patient", `/api/my-record/consultations/${c.id}`, { id: c.id });
    expect(mine.status).toBe(200);
    expect(JSON.parse(mine.text)).toMatchObject({ number: c.number, question: "需要手术吗？", opinion: null });
    const other = await makeRecordWorld(db);
    const theirs = await makeConsultation(db, other, { status: "COMPLETED" });
    expect((await call(myConsultationRoute, "patient", `/api/my-record/consultations/${theirs.id}`, { id: theirs.id })).status).toBe(404);
    expect((await call(myConsultationRoute, "doctor", `/api/my-record/consultations/${c.id}`, { id: c.id })).status).toBe(403);
  });
});

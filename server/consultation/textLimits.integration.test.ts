/**
 * A text over its limit is refused with a message naming the limit, never stored cut short:
 * through the real routes (app/api/consultations), the answer in the caller's language.
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as createConsultation } from "@/app/api/consultations/route";
import { signedInSession } from "@/server/auth/testing";
import { getDb, type Db } from "@/server/db/client";
import { useTestDatabase } from "@/test/db";
import { makeWorld, REQUEST, type World } from "./testing";
import { TEXT_LIMITS } from "./textLimits";

let db: Db;
let world: World;

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
  world = await makeWorld(db);
});

async function post(body: unknown, locale: "en" | "zh-CN") {
  const { cookie } = await signedInSession(world.doctor.id, { locale });
  const request = new NextRequest("http://127.0.0.1/api/consultations", { method: "POST", body: JSON.stringify(body), headers: { cookie, "content-type": "application/json" } });
  const response = await createConsultation(request, { params: Promise.resolve({}) });
  return { status: response.status, json: (await response.json()) as { id?: string; clinicalSummary?: string; error?: { code: string; message: string; details?: { path: string }[] } } };
}

describe("text limits (real PostgreSQL)", () => {
  it("refuses a 30,000-character clinical history with a message naming the 8,000 limit, and stores nothing", async () => {
    const before = await db.consultation.count({ where: { requesterId: world.doctor.id } });
    const history = "患者既往史。".repeat(5000);
    const english = await post({ ...REQUEST, residentId: world.residentId, clinicalSummary: history }, "en");
    expect(english.status).toBe(400);
    expect(english.json.error).toMatchObject({ code: "TEXT_TOO_LONG", message: expect.stringContaining("at most 8,000 characters here, and it has 30,000") });
    expect(english.json.error?.details?.[0]?.path).toBe("clinicalSummary");
    const chinese = await post({ ...REQUEST, residentId: world.residentId, clinicalSummary: history }, "zh-CN");
    expect(chinese.json.error?.message).toContain("最多 8,000 个字符，现在是 30,000 个");
    expect(await db.consultation.count({ where: { requesterId: world.doctor.id } })).toBe(before);
  });

  it("keeps a history of exactly the limit whole", async () => {
    const history = "x".repeat(TEXT_LIMITS.clinicalSummary);
    const answer = await post({ ...REQUEST, residentId: world.residentId, clinicalSummary: history }, "en");
    expect(answer.status).toBe(200);
    expect(answer.json.clinicalSummary).toHaveLength(TEXT_LIMITS.clinicalSummary);
  });
});

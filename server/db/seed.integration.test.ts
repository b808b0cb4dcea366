import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/test/db";
import { getDb } from "./client";
import { DEMO_USERS, seedDemoData } from "./seed";

describe("demo data (real PostgreSQL)", () => {
  beforeAll(() => useTestDatabase());

  it("creates every role and the institution hierarchy, and loading it twice creates no duplicates", async () => {
    await seedDemoData(getDb());
    const counts = async () => ({
      institutions: await getDb().institution.count(),
      departments: await getDb().department.count(),
      users: await getDb().user.count({ where: { username: { in: DEMO_USERS.map((u) => u.username) } } }),
    });
    const first = await counts();
    expect((await seedDemoData(getDb())).created).toBe(0);
    expect(await counts()).toEqual(first);
    expect(first.users).toBe(DEMO_USERS.length);

    const roles = new Set((await getDb().user.findMany({ where: { username: { in: DEMO_USERS.map((u) => u.username) } } })).map((u) => u.role));
    expect([...roles].sort()).toEqual(["COORDINATOR", "COUNTY_DOCTOR", "INSTITUTION_ADMIN", "PATIENT", "PLATFORM_ADMIN", "SPECIALIST"]);

    const levels = await getDb().institution.groupBy({ by: ["level"], _count: true, where: { code: { in: ["GDPH", "SYSU1", "WHXPH", "ZJXPH", "LPXPH", "WHHCTHC"] } } });
    expect(Object.fromEntries(levels.map((row) => [row.level, row._count]))).toEqual({ PROVINCIAL: 2, COUNTY: 3, TOWNSHIP: 1 });
    const township = await getDb().institution.findUniqueOrThrow({ where: { code: "WHHCTHC" }, include: { parent: true } });
    expect(township.parent?.code).toBe("WHXPH");
  });

  it("gives the demo patient a shared record from two institutions through the real ingest, once", async () => {
    await seedDemoData(getDb());
    const resident = await getDb().resident.findFirstOrThrow({ where: { user: { username: "patient" } }, select: { id: true } });
    const snapshot = async () => ({
      entries: await getDb().recordEntry.groupBy({ by: ["category"], _count: true, where: { residentId: resident.id }, orderBy: { category: "asc" } }),
      institutions: (await getDb().recordEntry.findMany({ where: { residentId: resident.id }, distinct: ["sourceInstitutionId"], select: { sourceInstitution: { select: { code: true } } } })).map((e) => e.sourceInstitution.code).sort(),
      vitals: await getDb().vitalReading.count({ where: { residentId: resident.id, kind: "BLOOD_PRESSURE" } }),
      flagged: await getDb().vitalReading.count({ where: { residentId: resident.id, flag: { not: null } } }),
    });
    const first = await snapshot();
    expect(Object.fromEntries(first.entries.map((row) => [row.category, row._count]))).toEqual({ SUMMARY: 5, ENCOUNTER: 2, REPORT: 5 });
    expect(first.institutions).toEqual(["GDPH", "WHXPH"]);
    expect(first.vitals).toBe(14);
    expect(first.flagged).toBeGreaterThanOrEqual(2);
    await seedDemoData(getDb());
    expect(await snapshot()).toEqual(first);
  });

  it("gives the demo cardiologist two cardiology templates shared at his hospital and one of his own, once", async () => {
    await seedDemoData(getDb());
    const specialist = await getDb().user.findUniqueOrThrow({ where: { username: "specialist" }, select: { id: true, institutionId: true } });
    const templates = async () =>
      (await getDb().opinionTemplate.findMany({ where: { institutionId: specialist.institutionId ?? "", specialty: "CARD", createdById: specialist.id }, orderBy: { name: "asc" }, select: { name: true, ownerId: true } })).map((t) => [t.name, t.ownerId === specialist.id]);
    const first = await templates();
    expect(first).toEqual(expect.arrayContaining([["稳定型心绞痛", false], ["高血压随访", false], ["心房颤动抗凝评估", true]]));
    expect(first).toHaveLength(3);
    await seedDemoData(getDb());
    expect(await templates()).toEqual(first);
  });
});


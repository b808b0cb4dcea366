import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { unique, useTestDatabase } from "@/test/db";
import { audit, listAuditEntries } from "./audit";

describe("audit trail (real PostgreSQL)", () => {
  beforeAll(() => useTestDatabase());

  async function institutionWithStaff() {
    const institution = await getDb().institution.create({ data: { code: unique("I").slice(0, 30), name: "测试医院", level: "COUNTY", regionCode: "441424" } });
    const staff = await getDb().user.create({
      data: { username: unique("doc"), passwordHash: "x", displayName: "医生", role: "COUNTY_DOCTOR", institutionId: institution.id },
    });
    return { institution, staff };
  }

  it("shows institution admins only their institution's staff actions, newest first, page by page", async () => {
    const mine = await institutionWithStaff();
    const other = await institutionWithStaff();
    const prefix = unique("test.action");
    for (let i = 0; i < 3; i++) await audit(getDb(), { actorId: mine.staff.id, actorRole: "COUNTY_DOCTOR", action: `${prefix}.${i}` });
    await audit(getDb(), { actorId: other.staff.id, actorRole: "COUNTY_DOCTOR", action: `${prefix}.other` });

    const viewer = { role: "INSTITUTION_ADMIN" as const, institutionId: mine.institution.id };
    const first = await listAuditEntries(getDb(), viewer, { actionPrefix: prefix, limit: 2 });
    expect(first.entries.map((entry) => entry.action)).toEqual([`${prefix}.2`, `${prefix}.1`]);
    expect(first.entries[0]?.actor?.displayName).toBe("医生");
    expect(first.nextBeforeId).not.toBeNull();
    const second = await listAuditEntries(getDb(), viewer, { actionPrefix: prefix, limit: 2, beforeId: first.nextBeforeId ?? undefined });
    expect(second.entries.map((entry) => entry.action)).toEqual([`${prefix}.0`]);
    expect(second.nextBeforeId).toBeNull();

    const platform = await listAuditEntries(getDb(), { role: "PLATFORM_ADMIN", institutionId: null }, { actionPrefix: prefix });
    expect(platform.entries).toHaveLength(4);
  });

  it("shows other roles nothing", async () => {
    const { institution } = await institutionWithStaff();
    expect((await listAuditEntries(getDb(), { role: "COUNTY_DOCTOR", institutionId: institution.id })).entries).toEqual([]);
  });
});

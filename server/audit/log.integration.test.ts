import { randomBytes } from "node:crypto";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/server/db/client";
import { unique, useTestDatabase } from "@/test/db";
import { audit } from "@/server/audit";
import { DAY_MS, shanghaiDateKey } from "@/server/scheduling/time";
import { exportAuditLog } from "./export";
import { parseAuditFilters, searchAuditLog } from "./log";

async function institutionWithStaff(label: string) {
  const institution = await getDb().institution.create({ data: { code: unique("I").slice(0, 30), name: `${label}医院${randomBytes(2).toString("hex")}`, level: "COUNTY", regionCode: "441424" } });
  const staff = await getDb().user.create({ data: { username: unique("doc"), passwordHash: "x", displayName: unique(`${label}医生`), role: "COUNTY_DOCTOR", institutionId: institution.id } });
  const admin = await getDb().user.create({ data: { username: unique("adm"), passwordHash: "x", displayName: unique(`${label}管理员`), role: "INSTITUTION_ADMIN", institutionId: institution.id } });
  return { institution, staff, admin: { id: admin.id, role: "INSTITUTION_ADMIN" as const, institutionId: institution.id } };
}

/** A resident (a name no other test uses) with one consultation. */
async function residentWithConsultation(requester: { id: string; institutionId: string | null }) {
  const name = `审${randomBytes(3).toString("hex")}计`;
  const resident = await getDb().resident.create({ data: { masterIndexId: randomBytes(32).toString("hex").toUpperCase(), name, sex: "FEMALE" } });
  const consultation = await getDb().consultation.create({
    data: { number: unique("HZ").slice(0, 24), type: "REMOTE_CONSULTATION", specialty: "CARD", residentId: resident.id, requesterId: requester.id, requestingInstitutionId: requester.institutionId as string },
  });
  return { resident, consultation, name };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe("the audit log as people read it (real PostgreSQL)", () => {
  beforeAll(() => useTestDatabase());

  it("names the actor, their institution and the resident (masked) or consultation, scoped to the admin's institution, filtered and paged", async () => {
    const mine = await institutionWithStaff("甲");
    const other = await institutionWithStaff("乙");
    const { resident, consultation, name } = await residentWithConsultation(mine.staff);
    await audit(getDb(), { actorId: mine.staff.id, actorRole: "COUNTY_DOCTOR", action: "auth.signed_in" });
    await audit(getDb(), { actorId: mine.staff.id, actorRole: "COUNTY_DOCTOR", action: "ehc.resident.viewed", targetType: "resident", targetId: resident.id });
    await audit(getDb(), { actorId: mine.staff.id, actorRole: "COUNTY_DOCTOR", action: "consultation.viewed", targetType: "consultation", targetId: consultation.id });
    await audit(getDb(), { actorId: other.staff.id, actorRole: "COUNTY_DOCTOR", action: "ehc.resident.viewed", targetType: "resident", targetId: resident.id });

    // The admin of 甲 sees only 甲's staff: three entries about this resident's record or not.
    const all = await searchAuditLog(getDb(), mine.admin, { actor: mine.staff.displayName });
    expect(all.rows.map((r) => r.action)).toEqual(["consultation.viewed", "ehc.resident.viewed", "auth.signed_in"]);
    expect(all.rows[0]?.actor).toEqual({ name: mine.staff.displayName, username: mine.staff.username, institution: mine.institution.name });
    expect(all.rows[0]?.target).toEqual({ type: "consultation", text: consultation.number });
    expect(all.rows[1]?.target).toEqual({ type: "resident", text: `${name[0]}${"*".repeat(name.length - 2)}${name.at(-1)}` });
    expect(all.rows.every((r) => r.known)).toBe(true);
    expect(JSON.stringify(all.rows)).not.toContain(resident.id);

    // By resident: the record's and its consultation's entries, of 甲's staff only; the platform admin sees 乙's too.
    expect((await searchAuditLog(getDb(), mine.admin, { resident: name })).rows.map((r) => r.action)).toEqual(["consultation.viewed", "ehc.resident.viewed"]);
    const platform = await searchAuditLog(getDb(), { role: "PLATFORM_ADMIN", institutionId: null }, { resident: name });
    expect(platform.rows.map((r) => r.actor?.name)).toEqual([other.staff.displayName, mine.staff.displayName, mine.staff.displayName]);
    // The other institution's person is not found by 甲's admin.
    expect((await searchAuditLog(getDb(), mine.admin, { actor: other.staff.displayName })).rows).toEqual([]);

    // By action and by group; by Beijing day (today has them, yesterday none).
    expect((await searchAuditLog(getDb(), mine.admin, { resident: name, action: "ehc.resident.viewed" })).rows).toHaveLength(1);
    expect((await searchAuditLog(getDb(), mine.admin, { actor: mine.staff.displayName, group: "auth" })).rows.map((r) => r.action)).toEqual(["auth.signed_in"]);
    const today = shanghaiDateKey(new Date());
    const yesterday = shanghaiDateKey(new Date(Date.now() - DAY_MS));
    expect((await searchAuditLog(getDb(), mine.admin, { actor: mine.staff.displayName, from: today, to: today })).rows).toHaveLength(3);
    expect((await searchAuditLog(getDb(), mine.admin, { actor: mine.staff.displayName, from: yesterday, to: yesterday })).rows).toEqual([]);

    // Paging, newest first.
    const first = await searchAuditLog(getDb(), mine.admin, { actor: mine.staff.displayName }, 1, 2);
    expect(first).toMatchObject({ page: 1, hasNext: true });
    expect(first.rows).toHaveLength(2);
    const second = await searchAuditLog(getDb(), mine.admin, { actor: mine.staff.displayName }, 2, 2);
    expect(second).toMatchObject({ page: 2, hasNext: false });
    expect(second.rows.map((r) => r.action)).toEqual(["auth.signed_in"]);
  });

  it("reads filters from the query string and answers a malformed one 400 naming the field", () => {
    expect(parseAuditFilters({ actor: " 王 ", resident: "", action: "auth", from: "2026-12-01", to: "2026-12-02" })).toEqual({ actor: "王", from: "2026-12-01", to: "2026-12-02", group: "auth" });
    expect(parseAuditFilters({ action: "auth.signed_in" })).toEqual({ action: "auth.signed_in" });
    expect(() => parseAuditFilters({ from: "2026-13-01" })).toThrow(expect.objectContaining({ status: 400, messageKey: "audit.filter.badDate" }));
    expect(() => parseAuditFilters({ to: "yesterday" })).toThrow(expect.objectContaining({ status: 400, messageKey: "audit.filter.badDate" }));
    expect(() => parseAuditFilters({ from: "2026-12-02", to: "2026-12-01" })).toThrow(expect.objectContaining({ status: 400, messageKey: "audit.filter.badRange" }));
    expect(() => parseAuditFilters({ action: "auth.bogus" })).toThrow(expect.objectContaining({ status: 400, messageKey: "audit.filter.badAction" }));
  });

  it("exports the filtered rows as CSV in the reader's language, one time format, and audits the export", async () => {
    const mine = await institutionWithStaff("丙");
    const { resident, name } = await residentWithConsultation(mine.staff);
    await audit(getDb(), { actorId: mine.staff.id, actorRole: "COUNTY_DOCTOR", action: "ehc.resident.viewed", targetType: "resident", targetId: resident.id, ip: "10.0.0.9" });
    await audit(getDb(), { actorId: mine.staff.id, actorRole: "COUNTY_DOCTOR", action: "auth.signed_in" });
    const adminActor = { id: mine.admin.id, role: mine.admin.role, institutionId: mine.institution.id };

    const zh = await exportAuditLog(getDb(), adminActor, { actor: mine.staff.displayName }, "zh-CN");
    const rows = parse(zh.csv, { bom: true }) as string[][];
    expect(rows[0]).toEqual(["时间", "操作人", "操作", "操作代码", "对象", "IP 地址"]);
    expect(rows.slice(1).map((r) => r[2])).toEqual(["登录", "查看居民档案"]);
    expect(rows[2]?.[1]).toBe(`${mine.staff.displayName} · ${mine.institution.name}`);
    expect(rows[2]?.[4]).toBe(`居民 ${name[0]}${"*".repeat(name.length - 2)}${name.at(-1)}`);
    expect(rows[2]?.[5]).toBe("10.0.0.9");
    expect(rows.slice(1).every((r) => TIMESTAMP.test(r[0] as string))).toBe(true);
    expect(zh.csv).not.toContain(resident.id);

    const en = parse((await exportAuditLog(getDb(), adminActor, { actor: mine.staff.displayName, action: "auth.signed_in" }, "en")).csv, { bom: true }) as string[][];
    expect(en).toEqual([["Time", "By", "Action", "Action code", "Record", "IP address"], [expect.stringMatching(TIMESTAMP), `${mine.staff.displayName} · ${mine.institution.name}`, "Signed in", "auth.signed_in", "—", ""]]);

    const exported = await getDb().auditLog.findMany({ where: { actorId: mine.admin.id, action: "audit.exported" }, orderBy: { id: "asc" } });
    expect(exported.map((e) => e.details)).toEqual([
      { filters: { actor: mine.staff.displayName }, rows: 2, truncated: false },
      { filters: { actor: mine.staff.displayName, action: "auth.signed_in" }, rows: 1, truncated: false },
    ]);
    // The export shows itself in the log, labelled.
    expect((await searchAuditLog(getDb(), mine.admin, { actor: unique("none") })).rows).toEqual([]);
    const own = await searchAuditLog(getDb(), mine.admin, { action: "audit.exported", actor: (await getDb().user.findUniqueOrThrow({ where: { id: mine.admin.id } })).displayName });
    expect(own.rows).toHaveLength(2);

    await expect(exportAuditLog(getDb(), { id: mine.staff.id, role: "COUNTY_DOCTOR", institutionId: mine.institution.id }, {}, "zh-CN")).rejects.toMatchObject({ status: 403 });
  });

  it("shows other roles nothing", async () => {
    const { institution } = await institutionWithStaff("丁");
    expect((await searchAuditLog(getDb(), { role: "COUNTY_DOCTOR", institutionId: institution.id }, {})).rows).toEqual([]);
  });
});

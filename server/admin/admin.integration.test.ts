import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { POST as disableRoute } from "@/app/api/admin/staff/[id]/disable/route";
import { POST as enableRoute } from "@/app/api/admin/staff/[id]/enable/route";
import { POST as linkRoute } from "@/app/api/admin/staff/[id]/link/route";
import { PATCH as updateRoute } from "@/app/api/admin/staff/[id]/route";
import { GET as listRoute } from "@/app/api/admin/staff/route";
import { PATCH as renameDepartmentRoute } from "@/app/api/admin/departments/[id]/route";
import { POST as setPasswordRoute } from "@/app/api/account/password/route";
import { signIn, type SessionUser } from "@/server/auth/signIn";
import { signedInSession } from "@/server/auth/testing";
import { getDb, type Db } from "@/server/db/client";
import type { InstitutionLevel } from "@/server/db/generated/enums";
import { getPlatform } from "@/server/platform";
import { testDatabaseKind, unique, useTestDatabase } from "@/test/db";
import { createDepartment, renameDepartment } from "./departments";
import { inviteInstitutionAdmin, listInstitutions, onboardInstitution } from "./institutions";
import { describeAccountLink, LINK_LIFETIME_MS, redeemAccountLink } from "./links";
import { createStaff, disableStaff, enableStaff, issueStaffLink, listStaff, updateStaff } from "./staff";

let db: Db;

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { status: error.status, code: error.code, messageKey: error.messageKey, details: error.details };
    throw error;
  }
  throw new Error("expected a refusal");
}

async function institution(level: InstitutionLevel = "COUNTY") {
  return db.institution.create({ data: { code: unique("AD").slice(0, 32).toUpperCase(), name: `测试医院 ${unique("n")}`, level, regionCode: "441424" } });
}

async function adminOf(institutionId: string, role: "INSTITUTION_ADMIN" | "PLATFORM_ADMIN" = "INSTITUTION_ADMIN"): Promise<SessionUser> {
  const username = unique("adm");
  const row = await db.user.create({ data: { username, displayName: "管理员", role, institutionId: role === "PLATFORM_ADMIN" ? null : institutionId, passwordHash: "x" } });
  return { id: row.id, username, displayName: row.displayName, role, institutionId: row.institutionId };
}

const tokenOf = (path: string) => path.slice(path.indexOf("#") + 1);
let ipCounter = 0;
const trySignIn = (username: string, password: string) => signIn(db, { username, password }, getPlatform().limits.signIn, { ip: `10.13.0.${++ipCounter % 250}` });

function call(handler: (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>, cookie: string, params: Record<string, string>, body?: unknown, method = "POST") {
  const init: { method: string; headers: Record<string, string>; body?: string } = { method, headers: { cookie, ...(body !== undefined ? { "content-type": "application/json" } : {}) } };
  if (body !== undefined) init.body = JSON.stringify(body);
  return handler(new NextRequest("http://127.0.0.1/api/admin/test", init), { params: Promise.resolve(params) });
}

beforeAll(async () => {
  await useTestDatabase();
  db = getDb();
});

describe(`staff administration (${testDatabaseKind()})`, () => {
  it("creates an account with a first password: it signs in; a weak password, a bad or taken username get their own 4xx", async () => {
    const county = await institution();
    const admin = await adminOf(county.id);
    const username = unique("doc").toLowerCase();
    const { staff, link } = await createStaff(db, admin, { username, displayName: "李医生", role: "COUNTY_DOCTOR", title: "主治医师", mode: "password", password: "Clinic2026x" });
    expect(link).toBeNull();
    expect(staff).toMatchObject({ username, role: "COUNTY_DOCTOR", title: "主治医师", status: "ACTIVE" });
    expect((await trySignIn(username, "Clinic2026x")).id).toBe(staff.id);
    expect(await db.auditLog.count({ where: { action: "admin.staff.created", targetId: staff.id, actorId: admin.id } })).toBe(1);

    expect(await refusal(createStaff(db, admin, { username: unique("d").toLowerCase(), displayName: "短", role: "COUNTY_DOCTOR", mode: "password", password: "short1" }))).toMatchObject({ status: 400, messageKey: "admin.password.tooShort" });
    expect(await refusal(createStaff(db, admin, { username: unique("d").toLowerCase(), displayName: "无数字", role: "COUNTY_DOCTOR", mode: "password", password: "onlyletters" }))).toMatchObject({ status: 400, messageKey: "admin.password.needsMix" });
    expect(await refusal(createStaff(db, admin, { username: "A B", displayName: "坏名", role: "COUNTY_DOCTOR", mode: "invite" }))).toMatchObject({ status: 400, messageKey: "admin.staff.usernameInvalid", details: { field: "username" } });
    expect(await refusal(createStaff(db, admin, { username, displayName: "重名", role: "COUNTY_DOCTOR", mode: "invite" }))).toMatchObject({ status: 409, code: "USERNAME_TAKEN" });
  });

  it("gives only the staff roles of the institution's level: no platform admin, no patient, no specialist at a county hospital", async () => {
    const county = await institution("COUNTY");
    const admin = await adminOf(county.id);
    for (const role of ["PLATFORM_ADMIN", "PATIENT", "SPECIALIST", "COORDINATOR"] as const) {
      expect(await refusal(createStaff(db, admin, { username: unique("r").toLowerCase(), displayName: "角色", role, mode: "invite" })), role).toMatchObject({ status: 400, messageKey: "admin.staff.roleNotForLevel" });
    }
    expect((await listStaff(db, admin)).roles).toEqual(["COUNTY_DOCTOR", "INSTITUTION_ADMIN"]);
    const doctor = (await createStaff(db, admin, { username: unique("r").toLowerCase(), displayName: "医生", role: "COUNTY_DOCTOR", mode: "invite" })).staff;
    expect(await refusal(updateStaff(db, getPlatform().sessions, admin, doctor.id, { role: "PLATFORM_ADMIN" }))).toMatchObject({ status: 400, messageKey: "admin.staff.roleNotForLevel" });

    // A provincial hospital: a specialist, in a department of its own (their specialty).
    const province = await institution("PROVINCIAL");
    const provinceAdmin = await adminOf(province.id);
    expect(await refusal(createStaff(db, provinceAdmin, { username: unique("s").toLowerCase(), displayName: "专家", role: "SPECIALIST", mode: "invite" }))).toMatchObject({ status: 400, messageKey: "admin.staff.specialistNeedsDepartment" });
    const cardiology = await createDepartment(db, provinceAdmin, { code: "CARD", name: "心血管内科" });
    const specialist = (await createStaff(db, provinceAdmin, { username: unique("s").toLowerCase(), displayName: "专家", role: "SPECIALIST", departmentId: cardiology.id, title: "主任医师", mode: "invite" })).staff;
    expect(specialist.department?.code).toBe("CARD");
    // Another hospital's department is not one of this institution's.
    const countyDepartment = await createDepartment(db, admin, { code: "IM", name: "内科" });
    expect(await refusal(updateStaff(db, getPlatform().sessions, provinceAdmin, specialist.id, { departmentId: countyDepartment.id }))).toMatchObject({ status: 400, messageKey: "admin.staff.departmentUnknown" });
  });

  it("an invitation: a link whose token is stored only as a hash; accepted once, then replay and expiry are refused with their own messages", async () => {
    const county = await institution();
    const admin = await adminOf(county.id);
    const username = unique("inv").toLowerCase();
    const { staff, link } = await createStaff(db, admin, { username, displayName: "王新", role: "COUNTY_DOCTOR", mode: "invite" });
    expect(staff.status).toBe("INVITED");
    expect(staff.pendingInvite).not.toBeNull();
    expect(link?.path).toMatch(/^\/account\/setup#rmpa_[\w-]{40,}$/);
    const token = tokenOf(link!.path);
    const row = await db.accountLink.findFirstOrThrow({ where: { userId: staff.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await listStaff(db, admin)).counts).toMatchObject({ INVITED: 1, pendingInvites: 1 });

    // Nobody signs in on an invited account, whatever the password.
    expect(await refusal(trySignIn(username, "anything1"))).toMatchObject({ status: 401, code: "INVALID_CREDENTIALS" });
    expect(await describeAccountLink(db, token)).toMatchObject({ purpose: "INVITE", username, displayName: "王新" });
    expect(await refusal(redeemAccountLink(db, getPlatform().sessions, { token, password: "short" }))).toMatchObject({ status: 400, messageKey: "admin.password.tooShort" });
    await redeemAccountLink(db, getPlatform().sessions, { token, password: "Welcome2026" });
    expect((await trySignIn(username, "Welcome2026")).id).toBe(staff.id);
    // The admin and the new doctor.
    expect((await listStaff(db, admin)).counts).toMatchObject({ ACTIVE: 2, INVITED: 0, pendingInvites: 0 });
    expect(await db.auditLog.count({ where: { action: { in: ["admin.staff.invited", "admin.invite.accepted"] }, targetId: staff.id } })).toBe(2);

    // The same link again: used.
    expect(await refusal(redeemAccountLink(db, getPlatform().sessions, { token, password: "Another2026" }))).toMatchObject({ status: 410, code: "ACCOUNT_LINK_USED", messageKey: "admin.link.used" });
    expect(await refusal(describeAccountLink(db, token))).toMatchObject({ status: 410, code: "ACCOUNT_LINK_USED" });
    expect(await refusal(describeAccountLink(db, "rmpa_not-a-real-token-at-all"))).toMatchObject({ status: 404, code: "ACCOUNT_LINK_NOT_FOUND" });

    // Another invitation, used after its lifetime: expired.
    const late = await createStaff(db, admin, { username: unique("late").toLowerCase(), displayName: "迟到", role: "COUNTY_DOCTOR", mode: "invite" });
    const after = new Date(Date.now() + LINK_LIFETIME_MS.INVITE + 60_000);
    expect(await refusal(redeemAccountLink(db, getPlatform().sessions, { token: tokenOf(late.link!.path), password: "Welcome2026" }, {}, after))).toMatchObject({ status: 410, code: "ACCOUNT_LINK_EXPIRED", messageKey: "admin.link.expired" });
    // A new invitation supersedes the old link.
    const again = await issueStaffLink(db, getPlatform().sessions, admin, late.staff.id);
    expect(again.link.purpose).toBe("INVITE");
    expect(await refusal(describeAccountLink(db, tokenOf(late.link!.path)))).toMatchObject({ status: 410, code: "ACCOUNT_LINK_USED" });
    expect(await describeAccountLink(db, tokenOf(again.link.path))).toMatchObject({ purpose: "INVITE" });
  });

  it("disabling ends the person's open session at once (the next API request is refused) and sign-in says the account is disabled; enabling lets them in again", async () => {
    const county = await institution();
    const admin = await adminOf(county.id);
    const username = unique("dis").toLowerCase();
    const { staff } = await createStaff(db, admin, { username, displayName: "停用", role: "INSTITUTION_ADMIN", mode: "password", password: "Disable2026" });
    const adminSession = await signedInSession(admin.id);
    const theirs = await signedInSession(staff.id);
    expect((await call(listRoute, theirs.cookie, {}, undefined, "GET")).status).toBe(200);

    const disabled = await call(disableRoute, adminSession.cookie, { id: staff.id });
    expect(disabled.status).toBe(200);
    expect(((await disabled.json()) as { status: string }).status).toBe("DISABLED");
    expect(await db.userSession.findUniqueOrThrow({ where: { id: theirs.sessionId } })).toMatchObject({ revokedReason: "user_disabled" });
    const next = await call(listRoute, theirs.cookie, {}, undefined, "GET");
    expect(next.status).toBe(401);
    expect(((await next.json()) as { error: { code: string } }).error.code).toBe("SESSION_EXPIRED");
    expect(await refusal(trySignIn(username, "Disable2026"))).toMatchObject({ status: 403, code: "ACCOUNT_DISABLED", messageKey: "auth.disabled" });
    expect(await db.auditLog.count({ where: { action: "auth.user_disabled", targetId: staff.id, actorId: admin.id } })).toBe(1);
    // Nobody disables themselves; a disabled account gets no link.
    expect(await refusal(disableStaff(db, getPlatform().sessions, admin, admin.id))).toMatchObject({ status: 403 });
    expect(await refusal(issueStaffLink(db, getPlatform().sessions, admin, staff.id))).toMatchObject({ status: 409, code: "ACCOUNT_DISABLED" });

    expect((await call(enableRoute, adminSession.cookie, { id: staff.id })).status).toBe(200);
    expect((await trySignIn(username, "Disable2026")).id).toBe(staff.id);
    expect((await enableStaff(db, admin, staff.id)).status).toBe("ACTIVE");
  });

  it("a password reset: the link signs the person out at once; once used the old password no longer works and the new one does", async () => {
    const county = await institution();
    const admin = await adminOf(county.id);
    const username = unique("rst").toLowerCase();
    const { staff } = await createStaff(db, admin, { username, displayName: "重置", role: "COUNTY_DOCTOR", mode: "password", password: "OldPass2026" });
    const theirs = await signedInSession(staff.id);
    const adminSession = await signedInSession(admin.id);
    const response = await call(linkRoute, adminSession.cookie, { id: staff.id });
    expect(response.status).toBe(200);
    const { link } = (await response.json()) as { link: { purpose: string; path: string } };
    expect(link.purpose).toBe("PASSWORD_RESET");
    expect(await getPlatform().sessions.resolve(theirs.sessionId)).toBeNull();

    const set = await setPasswordRoute(new NextRequest("http://127.0.0.1/api/account/password", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: tokenOf(link.path), password: "NewPass2026" }) }), { params: Promise.resolve({}) });
    expect(set.status).toBe(200);
    expect(await refusal(trySignIn(username, "OldPass2026"))).toMatchObject({ code: "INVALID_CREDENTIALS" });
    expect((await trySignIn(username, "NewPass2026")).id).toBe(staff.id);
    expect(await db.auditLog.count({ where: { action: { in: ["admin.password.reset_issued", "admin.password.reset_done"] }, targetId: staff.id } })).toBe(2);
    // Replayed over HTTP: 410 with the message.
    const replay = await setPasswordRoute(new NextRequest("http://127.0.0.1/api/account/password", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: tokenOf(link.path), password: "Third2026x" }) }), { params: Promise.resolve({}) });
    expect(replay.status).toBe(410);
    expect(((await replay.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "ACCOUNT_LINK_USED", message: expect.stringContaining("已使用") });
  });

  it("an institution admin never touches another hospital's accounts or departments: 404 over HTTP with the other hospital's ids, nothing changed", async () => {
    const a = await institution();
    const b = await institution();
    const adminA = await adminOf(a.id);
    const adminB = await adminOf(b.id);
    const doctorA = (await createStaff(db, adminA, { username: unique("xa").toLowerCase(), displayName: "甲医生", role: "COUNTY_DOCTOR", mode: "password", password: "Doctor2026a" })).staff;
    const departmentA = await createDepartment(db, adminA, { code: "IM", name: "内科" });
    const sessionA = await signedInSession(doctorA.id);
    const b1 = await signedInSession(adminB.id);

    for (const [name, response] of [
      ["disable", await call(disableRoute, b1.cookie, { id: doctorA.id })],
      ["enable", await call(enableRoute, b1.cookie, { id: doctorA.id })],
      ["link", await call(linkRoute, b1.cookie, { id: doctorA.id })],
      ["update", await call(updateRoute, b1.cookie, { id: doctorA.id }, { title: "改" }, "PATCH")],
      ["rename", await call(renameDepartmentRoute, b1.cookie, { id: departmentA.id }, { name: "改名" }, "PATCH")],
    ] as const) {
      expect(response.status, name).toBe(404);
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: doctorA.id } })).toMatchObject({ disabled: false, title: null });
    expect(await getPlatform().sessions.resolve(sessionA.sessionId)).not.toBeNull();
    expect((await db.department.findUniqueOrThrow({ where: { id: departmentA.id } })).name).toBe("内科");
    expect((await listStaff(db, adminB)).staff.map((s) => s.id)).not.toContain(doctorA.id);
    // A platform admin's account and a patient's are nobody's staff.
    const platform = await adminOf(a.id, "PLATFORM_ADMIN");
    expect(await refusal(disableStaff(db, getPlatform().sessions, adminA, platform.id))).toMatchObject({ status: 404, code: "STAFF_NOT_FOUND" });
  });

  it("departments: created with a unique code, renamed (audited); bad codes and duplicates refused", async () => {
    const county = await institution();
    const admin = await adminOf(county.id);
    const department = await createDepartment(db, admin, { code: "SURG", name: "外科" });
    expect(await refusal(createDepartment(db, admin, { code: "SURG", name: "外科二" }))).toMatchObject({ status: 409, code: "DEPARTMENT_CODE_TAKEN" });
    expect(await refusal(createDepartment(db, admin, { code: "1X", name: "坏" }))).toMatchObject({ status: 400, messageKey: "admin.department.codeInvalid" });
    expect((await renameDepartment(db, admin, department.id, { name: "普外科", nameEn: "General surgery" })).name).toBe("普外科");
    expect(await db.auditLog.count({ where: { targetId: department.id, action: { in: ["admin.department.created", "admin.department.renamed"] } } })).toBe(2);
  });
});

describe(`institution onboarding (${testDatabaseKind()})`, () => {
  it("the platform admin onboards an institution (code as issuer code, level, region, parent) and invites its first admin, who accepts", async () => {
    const province = await institution("PROVINCIAL");
    const platform = await adminOf(province.id, "PLATFORM_ADMIN");
    const code = unique("new").replace(/[^A-Za-z0-9]/g, "").slice(0, 20).toUpperCase();
    const onboarded = await onboardInstitution(db, platform, { code: code.toLowerCase(), name: "新接入县医院", level: "COUNTY", regionCode: "441622", parentId: province.id });
    expect(onboarded).toMatchObject({ code, level: "COUNTY", regionCode: "441622", parent: { id: province.id }, admins: [] });
    const username = unique("first").toLowerCase();
    const { staff, link } = await inviteInstitutionAdmin(db, platform, onboarded.id, { username, displayName: "首位管理员" });
    expect(staff).toMatchObject({ role: "INSTITUTION_ADMIN", status: "INVITED" });
    await redeemAccountLink(db, getPlatform().sessions, { token: tokenOf(link!.path), password: "FirstAdmin2026" });
    const signedIn = await trySignIn(username, "FirstAdmin2026");
    expect(signedIn).toMatchObject({ role: "INSTITUTION_ADMIN", institutionId: onboarded.id });
    const list = await listInstitutions(db, platform);
    expect(list.institutions.find((i) => i.id === onboarded.id)?.admins).toEqual([expect.objectContaining({ username, status: "ACTIVE" })]);
    expect(list.counts.institutions).toBe(list.institutions.length);
    expect(await db.auditLog.count({ where: { action: "admin.institution.onboarded", targetId: onboarded.id, actorId: platform.id } })).toBe(1);
  });

  it("refuses a bad region code, an unknown or lower parent, a bad or taken code; only the platform admin onboards", async () => {
    const county = await institution("COUNTY");
    const platform = await adminOf(county.id, "PLATFORM_ADMIN");
    const base = { code: unique("X").replace(/[^A-Za-z0-9]/g, "").slice(0, 20), name: "测试", level: "TOWNSHIP" as const, regionCode: "441424" };
    for (const regionCode of ["44142", "4414245", "ABCDEF", "991424"]) {
      expect(await refusal(onboardInstitution(db, platform, { ...base, regionCode })), regionCode).toMatchObject({ status: 400, messageKey: "admin.institution.regionInvalid", details: { field: "regionCode" } });
    }
    expect(await refusal(onboardInstitution(db, platform, { ...base, parentId: "00000000-0000-4000-8000-000000000000" }))).toMatchObject({ status: 400, messageKey: "admin.institution.parentUnknown" });
    expect(await refusal(onboardInstitution(db, platform, { ...base, level: "PROVINCIAL", parentId: county.id }))).toMatchObject({ status: 400, messageKey: "admin.institution.parentLevel" });
    expect(await refusal(onboardInstitution(db, platform, { ...base, code: "bad code!" }))).toMatchObject({ status: 400, messageKey: "healthCard.identifier.issuerInvalid" });
    expect(await refusal(onboardInstitution(db, platform, { ...base, code: county.code }))).toMatchObject({ status: 409, code: "INSTITUTION_CODE_TAKEN" });
    const admin = await adminOf(county.id);
    expect(await refusal(onboardInstitution(db, admin, base))).toMatchObject({ status: 403 });
    expect(await refusal(inviteInstitutionAdmin(db, platform, "00000000-0000-4000-8000-000000000000", { username: unique("u").toLowerCase(), displayName: "某" }))).toMatchObject({ status: 404, code: "INSTITUTION_NOT_FOUND" });
  });
});

import { describe, expect, it } from "vitest";
import { isAllowed, rolesFor, STAFF_ROLES_BY_LEVEL, staffRolesFor, type Actor } from "@/server/access/policy";
import { InstitutionLevel } from "@/server/db/generated/enums";
import { isRegionCode } from "@/server/healthcard/identity";

const adminA: Actor = { id: "a", role: "INSTITUTION_ADMIN", institutionId: "A" };
const adminB: Actor = { id: "b", role: "INSTITUTION_ADMIN", institutionId: "B" };
const platform: Actor = { id: "p", role: "PLATFORM_ADMIN", institutionId: null };
const doctorA: Actor = { id: "d", role: "COUNTY_DOCTOR", institutionId: "A" };

describe("administration rules", () => {
  it("every level offers only staff roles: never the platform admin, a patient or a system credential; always its own admin", () => {
    expect(Object.keys(STAFF_ROLES_BY_LEVEL).sort()).toEqual(Object.values(InstitutionLevel).sort());
    for (const level of Object.values(InstitutionLevel)) {
      const roles = staffRolesFor(level);
      for (const forbidden of ["PLATFORM_ADMIN", "PATIENT", "INTEGRATION"]) expect(roles, level).not.toContain(forbidden);
      expect(roles, level).toContain("INSTITUTION_ADMIN");
    }
    expect(staffRolesFor("COUNTY")).not.toContain("SPECIALIST");
    expect(staffRolesFor("PROVINCIAL")).toEqual(expect.arrayContaining(["SPECIALIST", "COORDINATOR"]));
  });

  it("staff.administer: an institution admin over their own institution's accounts only; institution.onboard: the platform admin only", () => {
    const ofA = { institutionIds: ["A"] };
    expect(isAllowed(adminA, "staff.administer", ofA)).toBe(true);
    for (const actor of [adminB, platform, doctorA]) expect(isAllowed(actor, "staff.administer", ofA), actor.id).toBe(false);
    expect(isAllowed(adminA, "staff.administer", {})).toBe(false);
    expect(rolesFor("institution.onboard")).toEqual(["PLATFORM_ADMIN"]);
  });

  it("a region code is 6 digits whose first two name a province", () => {
    for (const good of ["441424", "110000", "650102", "810000"]) expect(isRegionCode(good), good).toBe(true);
    for (const bad of ["44142", "4414240", "44142X", "991424", "001424", " 441424", ""]) expect(isRegionCode(bad), JSON.stringify(bad)).toBe(false);
  });
});

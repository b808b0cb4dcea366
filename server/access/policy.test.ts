import { describe, expect, it } from "vitest";
import { allowingRule, assertAllowed, assertRole, GROUNDS, isAllowed, POLICY, rolesFor, type Actor } from "./policy";
import { consultationRelations, opinionTemplateRelations } from "./relations";

const doctor: Actor = { id: "d1", role: "COUNTY_DOCTOR", institutionId: "wuhua" };
const colleague: Actor = { id: "d2", role: "COUNTY_DOCTOR", institutionId: "wuhua" };
const stranger: Actor = { id: "d3", role: "COUNTY_DOCTOR", institutionId: "zijin" };
const cardiologist: Actor = { id: "s1", role: "SPECIALIST", institutionId: "province", specialty: "CARD" };
const endocrinologist: Actor = { id: "s2", role: "SPECIALIST", institutionId: "province", specialty: "ENDO" };
const coordinator: Actor = { id: "c1", role: "COORDINATOR", institutionId: "province" };
const platformAdmin: Actor = { id: "a1", role: "PLATFORM_ADMIN", institutionId: null };
const patient: Actor = { id: "p1", role: "PATIENT", institutionId: null };

const submitted = consultationRelations({ status: "SUBMITTED", requesterId: "d1", requestingInstitutionId: "wuhua", expertId: null, specialty: "CARD" });

describe("the access policy", () => {
  it("admits a call's guest (GUEST) to the portal's frame and to entering and sending media in a room they are a member of, and to nothing else", () => {
    const guestActions = Object.keys(POLICY).filter((action) => rolesFor(action as keyof typeof POLICY).includes("GUEST"));
    expect(guestActions.sort()).toEqual(["portal.enter", "room.join", "room.publish"]);
    const guest: Actor = { id: "g1", role: "GUEST", institutionId: null };
    const room = { roomMemberIds: ["g1", "s1"], roomPublisherIds: ["g1", "s1"], roomHostIds: ["s1"] };
    expect(isAllowed(guest, "room.join", room)).toBe(true);
    expect(isAllowed(guest, "room.join", { roomMemberIds: ["s1"] })).toBe(false);
    expect(isAllowed(guest, "room.moderate", room)).toBe(false);
    expect(isAllowed(guest, "room.record", room)).toBe(false);
    expect(isAllowed(guest, "record.read", { openCareTeamIds: ["g1"], careTeamIds: ["g1"] })).toBe(false);
  });

  it("names a known ground in every rule and at least one role", () => {
    for (const [action, rules] of Object.entries(POLICY)) {
      expect(rules.length, action).toBeGreaterThan(0);
      for (const rule of rules) {
        expect(Object.keys(GROUNDS), action).toContain(rule.ground);
        expect(rule.roles.length, action).toBeGreaterThan(0);
      }
    }
  });

  it("decides a consultation read by relationship: requester, colleague, queue specialty, centre; never a stranger or a platform admin", () => {
    expect(allowingRule(doctor, "consultation.read", submitted)?.ground).toBe("requestingDoctor");
    expect(allowingRule(colleague, "consultation.read", submitted)?.ground).toBe("ownInstitution");
    expect(allowingRule(cardiologist, "consultation.read", submitted)?.ground).toBe("specialtyQueue");
    expect(allowingRule(coordinator, "consultation.read", submitted)?.ground).toBe("coordinationCentre");
    for (const actor of [stranger, endocrinologist, platformAdmin, patient]) expect(isAllowed(actor, "consultation.read", submitted), actor.id).toBe(false);
  });

  it("keeps a draft to its author", () => {
    const draft = consultationRelations({ status: "DRAFT", requesterId: "d1", requestingInstitutionId: "wuhua", expertId: null, specialty: "CARD" });
    expect(isAllowed(doctor, "consultation.read", draft)).toBe(true);
    for (const actor of [colleague, cardiologist, coordinator]) expect(isAllowed(actor, "consultation.read", draft), actor.id).toBe(false);
  });

  it("gives a platform admin no clinical access", () => {
    for (const action of ["resident.browse", "resident.read", "resident.update", "consultation.read", "consultation.list"] as const) {
      expect(rolesFor(action), action).not.toContain("PLATFORM_ADMIN");
    }
    expect(rolesFor("audit.read")).toContain("PLATFORM_ADMIN");
  });

  it("answers 401 without an actor, 403 for a role, 404 for a hidden resource", () => {
    expect(() => assertRole(null, "resident.read")).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => assertRole(platformAdmin, "resident.read")).toThrow(expect.objectContaining({ status: 403 }));
    expect(assertRole(doctor, "resident.read")).toBe(doctor);
    expect(() => assertAllowed(stranger, "consultation.read", submitted, { code: "CONSULTATION_NOT_FOUND", messageKey: "consultation.notFound" })).toThrow(
      expect.objectContaining({ status: 404, code: "CONSULTATION_NOT_FOUND" }),
    );
    expect(() => assertAllowed(stranger, "consultation.read", submitted)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("lets the window verify a resident registered online and at no institution yet, but not another hospital's", () => {
    expect(isAllowed(doctor, "resident.verify", { institutionIds: [], careTeamIds: [] })).toBe(true);
    expect(isAllowed(doctor, "resident.verify", { institutionIds: ["zijin"], careTeamIds: [] })).toBe(false);
    expect(isAllowed(doctor, "resident.verify", { institutionIds: ["wuhua"], careTeamIds: [] })).toBe(true);
  });

  it("keeps an opinion template to its specialty at its hospital, or to its owner; nobody else, whatever the role", () => {
    const shared = opinionTemplateRelations({ institutionId: "province", specialty: "CARD", ownerId: null });
    const personal = opinionTemplateRelations({ institutionId: "province", specialty: "CARD", ownerId: "s1" });
    const elsewhere: Actor = { id: "s3", role: "SPECIALIST", institutionId: "sysu", specialty: "CARD" };
    const colleague: Actor = { id: "s4", role: "SPECIALIST", institutionId: "province", specialty: "CARD" };
    const noDepartment: Actor = { id: "s5", role: "SPECIALIST", institutionId: "province", specialty: null };
    for (const action of ["opinionTemplate.use", "opinionTemplate.manage"] as const) {
      expect(allowingRule(cardiologist, action, shared)?.ground, action).toBe("ownSpecialty");
      expect(isAllowed(colleague, action, shared), action).toBe(true);
      for (const actor of [endocrinologist, elsewhere, noDepartment, coordinator, doctor, platformAdmin, patient]) expect(isAllowed(actor, action, shared), `${action} ${actor.id}`).toBe(false);
      expect(allowingRule(cardiologist, action, personal)?.ground, action).toBe("self");
      for (const actor of [colleague, endocrinologist, coordinator]) expect(isAllowed(actor, action, personal), `${action} ${actor.id}`).toBe(false);
      expect(rolesFor(action)).toEqual(["SPECIALIST"]);
    }
  });
});

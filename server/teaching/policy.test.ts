import { describe, expect, it } from "vitest";
import { allowingRule, isAllowed, rolesFor, type Actor, type Relations } from "@/server/access/policy";

const surgeon: Actor = { id: "surgeon", role: "SPECIALIST", institutionId: "province" };
const otherSpecialist: Actor = { id: "other-specialist", role: "SPECIALIST", institutionId: "province" };
const coordinator: Actor = { id: "coordinator", role: "COORDINATOR", institutionId: "province" };
const assistant: Actor = { id: "assistant", role: "SPECIALIST", institutionId: "province" };
const trainee: Actor = { id: "trainee", role: "COUNTY_DOCTOR", institutionId: "wuhua" };
const colleague: Actor = { id: "colleague", role: "COUNTY_DOCTOR", institutionId: "wuhua" };
const outsider: Actor = { id: "outsider", role: "COUNTY_DOCTOR", institutionId: "zijin" };
const admin: Actor = { id: "admin", role: "INSTITUTION_ADMIN", institutionId: "wuhua" };
const otherAdmin: Actor = { id: "other-admin", role: "INSTITUTION_ADMIN", institutionId: "zijin" };
const platformAdmin: Actor = { id: "platform", role: "PLATFORM_ADMIN", institutionId: null };
const patient: Actor = { id: "patient", role: "PATIENT", institutionId: null };

/** A session: the surgeon presents, the assistant moderates, Wuhua is invited, the trainee registered. */
const session: Relations = { presenterId: surgeon.id, moderatorIds: [assistant.id], registeredTraineeIds: [trainee.id], invitedInstitutionIds: ["wuhua"] };
const everyone = [surgeon, otherSpecialist, coordinator, assistant, trainee, colleague, outsider, admin, otherAdmin, platformAdmin, patient];
const allowed = (action: Parameters<typeof isAllowed>[1], relations: Relations) => everyone.filter((actor) => isAllowed(actor, action, relations)).map((actor) => actor.id);

describe("the teaching rows of the access policy", () => {
  it("only the coordination centre schedules", () => {
    expect(rolesFor("teaching.schedule")).toEqual(["COORDINATOR"]);
    expect(allowed("teaching.schedule", session)).toEqual([coordinator.id]);
  });

  it("a session is seen by the centre, its presenter and moderators, the invited institutions' clinicians and admin, its registered trainees", () => {
    expect(allowed("teaching.read", session)).toEqual([surgeon.id, coordinator.id, assistant.id, trainee.id, colleague.id, admin.id]);
    expect(allowingRule(surgeon, "teaching.read", session)?.ground).toBe("teachingPresenter");
    expect(allowingRule(colleague, "teaching.read", session)?.ground).toBe("invitedInstitution");
  });

  it("registering is for invited institutions (clinicians themselves, their admin for them); cancelling for the trainee or their site's admin", () => {
    expect(allowed("teaching.register", session)).toEqual([trainee.id, colleague.id, admin.id]);
    const registration: Relations = { subjectUserId: trainee.id, institutionIds: ["wuhua"] };
    expect(allowed("teaching.unregister", registration)).toEqual([trainee.id, admin.id]);
  });

  it("only registered trainees, the presenter and the moderators watch; an invited colleague who did not register does not", () => {
    expect(allowed("teaching.watch", session)).toEqual([surgeon.id, assistant.id, trainee.id]);
    expect(allowed("teaching.present", session)).toEqual([surgeon.id]);
    expect(allowed("teaching.moderate", session)).toEqual([assistant.id]);
    expect(allowed("teaching.attendance", session)).toEqual([surgeon.id, coordinator.id, assistant.id, admin.id]);
  });

  it("a viewer sends media only while holding the floor; hosts and participants always; the floor gives no moderation", () => {
    const room: Relations = { roomMemberIds: [surgeon.id, trainee.id, colleague.id], roomPublisherIds: [surgeon.id], roomHostIds: [surgeon.id] };
    expect(allowed("room.join", room)).toEqual([surgeon.id, trainee.id, colleague.id]);
    expect(allowed("room.publish", room)).toEqual([surgeon.id]);
    const floor = { ...room, floorHolderIds: [trainee.id] };
    expect(allowed("room.publish", floor)).toEqual([surgeon.id, trainee.id]);
    expect(allowingRule(trainee, "room.publish", floor)?.ground).toBe("floorHolder");
    expect(allowed("room.moderate", floor)).toEqual([surgeon.id]);
  });
});

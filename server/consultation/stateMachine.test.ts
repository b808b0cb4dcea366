import { describe, expect, it } from "vitest";
import { rolesFor, type Actor } from "@/server/access/policy";
import { ALL_STATUSES, availableActions, checkTransition, IllegalTransitionError, sqlPartyFor, TRANSITION_ACTIONS, TRANSITIONS } from "./stateMachine";

const requester: Actor = { id: "r", role: "COUNTY_DOCTOR", institutionId: "county-1" };
const expert: Actor = { id: "e", role: "SPECIALIST", institutionId: "provincial", specialty: "CARDIOLOGY" };
const coordinator: Actor = { id: "c", role: "COORDINATOR", institutionId: "provincial" };
const patient: Actor = { id: "p", role: "PATIENT", institutionId: null };
const byRole = { COUNTY_DOCTOR: requester, SPECIALIST: expert, COORDINATOR: coordinator } as Record<string, Actor>;
const open = { requestingInstitutionId: "county-1", specialty: "CARDIOLOGY" };

describe("consultation state machine", () => {
  it("refuses every action from a status it does not list, with a 409 and the reason", () => {
    let refused = 0;
    for (const action of TRANSITION_ACTIONS) {
      for (const status of ALL_STATUSES) {
        if ((TRANSITIONS[action].from as readonly string[]).includes(status)) continue;
        for (const role of rolesFor(TRANSITIONS[action].access)) {
          const subject = { ...open, status, requesterId: "r", expertId: "e" };
          // A draft is not at the coordination centre yet: the coordinator is refused as a person (403), not for the status.
          const expected = status === "DRAFT" && role === "COORDINATOR" ? expect.objectContaining({ status: 403 }) : IllegalTransitionError;
          expect(() => checkTransition(action, subject, byRole[role]!), `${action} from ${status} by ${role}`).toThrow(expected);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(60);
  });

  it("allows the happy path with the right people", () => {
    expect(checkTransition("submit", { ...open, status: "DRAFT", requesterId: "r", expertId: null }, requester)).toBe("SUBMITTED");
    expect(checkTransition("assign", { ...open, status: "SUBMITTED", requesterId: "r", expertId: null }, coordinator)).toBe("ASSIGNED");
    expect(checkTransition("accept", { ...open, status: "SUBMITTED", requesterId: "r", expertId: null }, expert)).toBe("ASSIGNED");
    expect(checkTransition("decline", { ...open, status: "ASSIGNED", requesterId: "r", expertId: "e" }, expert)).toBe("SUBMITTED");
    expect(checkTransition("complete", { ...open, status: "OPINION_PENDING", requesterId: "r", expertId: "e" }, expert)).toBe("COMPLETED");
  });

  it("refuses the wrong person with a 403: another doctor, another expert, a patient", () => {
    const subject = { ...open, status: "DRAFT" as const, requesterId: "someone-else", expertId: null };
    expect(() => checkTransition("submit", subject, requester)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => checkTransition("decline", { ...open, status: "ASSIGNED", requesterId: "r", expertId: "other" }, expert)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => checkTransition("submit", { ...subject, requesterId: "p" }, patient)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("lets a specialist take an unassigned request only from their own specialty's queue", () => {
    const cardiology = { ...open, status: "SUBMITTED" as const, requesterId: "r", expertId: null };
    expect(checkTransition("accept", cardiology, expert)).toBe("ASSIGNED");
    expect(() => checkTransition("accept", { ...cardiology, specialty: "ENDOCRINOLOGY" }, expert)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => checkTransition("accept", cardiology, { ...expert, specialty: null })).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("gives the booking SQL the capacity each role books in, from the policy", () => {
    expect(sqlPartyFor("schedule", "COORDINATOR")).toBe("any");
    expect(sqlPartyFor("schedule", "SPECIALIST")).toBe("expert");
    expect(sqlPartyFor("schedule", "COUNTY_DOCTOR")).toBeNull();
    expect(sqlPartyFor("schedule", "PATIENT")).toBeNull();
  });

  it("lists the actions a person can take now", () => {
    expect(availableActions({ ...open, status: "SCHEDULED", requesterId: "r", expertId: "e" }, expert).sort()).toEqual(["reschedule", "startSession"]);
    expect(availableActions({ ...open, status: "COMPLETED", requesterId: "r", expertId: "e" }, coordinator)).toEqual([]);
  });
});

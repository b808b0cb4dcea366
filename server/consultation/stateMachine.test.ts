import { describe, expect, it } from "vitest";
import { ALL_STATUSES, availableActions, checkTransition, IllegalTransitionError, TRANSITION_ACTIONS, TRANSITIONS } from "./stateMachine";

const requester = { id: "r", role: "COUNTY_DOCTOR" as const };
const expert = { id: "e", role: "SPECIALIST" as const };
const coordinator = { id: "c", role: "COORDINATOR" as const };
const patient = { id: "p", role: "PATIENT" as const };

describe("consultation state machine", () => {
  it("refuses every action from a status it does not list, with a 409 and the reason", () => {
    let refused = 0;
    for (const action of TRANSITION_ACTIONS) {
      for (const status of ALL_STATUSES) {
        if ((TRANSITIONS[action].from as readonly string[]).includes(status)) continue;
        const [role, party] = Object.entries(TRANSITIONS[action].roles)[0]!;
        const actor = { id: party === "requester" ? "r" : "e", role: role as never };
        const subject = { status, requesterId: "r", expertId: "e" };
        expect(() => checkTransition(action, subject, actor), `${action} from ${status}`).toThrow(IllegalTransitionError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(60);
  });

  it("allows the happy path with the right people", () => {
    expect(checkTransition("submit", { status: "DRAFT", requesterId: "r", expertId: null }, requester)).toBe("SUBMITTED");
    expect(checkTransition("assign", { status: "SUBMITTED", requesterId: "r", expertId: null }, coordinator)).toBe("ASSIGNED");
    expect(checkTransition("accept", { status: "SUBMITTED", requesterId: "r", expertId: null }, expert)).toBe("ASSIGNED");
    expect(checkTransition("decline", { status: "ASSIGNED", requesterId: "r", expertId: "e" }, expert)).toBe("SUBMITTED");
    expect(checkTransition("complete", { status: "OPINION_PENDING", requesterId: "r", expertId: "e" }, expert)).toBe("COMPLETED");
  });

  it("refuses the wrong person with a 403: another doctor, another expert, a patient", () => {
    const subject = { status: "DRAFT" as const, requesterId: "someone-else", expertId: null };
    expect(() => checkTransition("submit", subject, requester)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => checkTransition("decline", { status: "ASSIGNED", requesterId: "r", expertId: "other" }, expert)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => checkTransition("submit", { ...subject, requesterId: "p" }, patient)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("lists the actions a person can take now", () => {
    expect(availableActions({ status: "SCHEDULED", requesterId: "r", expertId: "e" }, expert).sort()).toEqual(["reschedule", "startSession"]);
    expect(availableActions({ status: "COMPLETED", requesterId: "r", expertId: "e" }, coordinator)).toEqual([]);
  });
});

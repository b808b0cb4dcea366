/**
 * The consultation status machine, in one place: which action moves a consultation from which
 * statuses to which, who may take it (role) and in what capacity (party). Everything that
 * changes a status goes through `checkTransition` (server/consultation/transition.ts).
 */
import { ConflictError, ForbiddenError } from "@/lib/errors";
import type { ConsultationStatus, Role } from "@/server/db/generated/enums";

/** requester: the county doctor who wrote it; expert: the assigned expert; open: an unassigned request; any: any user of the role. */
export type Party = "requester" | "expert" | "expertOrOpen" | "any";

export interface TransitionRule {
  from: readonly ConsultationStatus[];
  to: ConsultationStatus;
  roles: Partial<Record<Role, Party>>;
}

export const TRANSITIONS = {
  submit: { from: ["DRAFT"], to: "SUBMITTED", roles: { COUNTY_DOCTOR: "requester" } },
  withdraw: { from: ["DRAFT", "SUBMITTED", "ASSIGNED"], to: "WITHDRAWN", roles: { COUNTY_DOCTOR: "requester" } },
  assign: { from: ["SUBMITTED"], to: "ASSIGNED", roles: { COORDINATOR: "any" } },
  accept: { from: ["SUBMITTED", "ASSIGNED"], to: "ASSIGNED", roles: { SPECIALIST: "expertOrOpen" } },
  // A declined request goes back to the triage queue.
  decline: { from: ["ASSIGNED"], to: "SUBMITTED", roles: { SPECIALIST: "expert", COORDINATOR: "any" } },
  schedule: { from: ["ASSIGNED"], to: "SCHEDULED", roles: { COORDINATOR: "any", SPECIALIST: "expert" } },
  reschedule: { from: ["SCHEDULED"], to: "SCHEDULED", roles: { COORDINATOR: "any", SPECIALIST: "expert", COUNTY_DOCTOR: "requester" } },
  cancel: { from: ["SUBMITTED", "ASSIGNED", "SCHEDULED"], to: "CANCELLED", roles: { COORDINATOR: "any", COUNTY_DOCTOR: "requester" } },
  startSession: { from: ["SCHEDULED"], to: "IN_SESSION", roles: { SPECIALIST: "expert", COUNTY_DOCTOR: "requester", COORDINATOR: "any" } },
  endSession: { from: ["IN_SESSION"], to: "OPINION_PENDING", roles: { SPECIALIST: "expert", COORDINATOR: "any" } },
  complete: { from: ["OPINION_PENDING"], to: "COMPLETED", roles: { SPECIALIST: "expert" } },
} as const satisfies Record<string, TransitionRule>;

export type TransitionAction = keyof typeof TRANSITIONS;
export const TRANSITION_ACTIONS = Object.keys(TRANSITIONS) as TransitionAction[];

export const ALL_STATUSES: readonly ConsultationStatus[] = [
  "DRAFT",
  "SUBMITTED",
  "ASSIGNED",
  "SCHEDULED",
  "IN_SESSION",
  "OPINION_PENDING",
  "COMPLETED",
  "CANCELLED",
  "WITHDRAWN",
];

export interface TransitionSubject {
  status: ConsultationStatus;
  requesterId: string;
  expertId: string | null;
}

export interface Actor {
  id: string;
  role: Role;
}

export class IllegalTransitionError extends ConflictError {
  constructor(action: TransitionAction, from: ConsultationStatus) {
    super("consultation.illegalTransition", { action, from }, "ILLEGAL_TRANSITION");
  }
}

export function isAllowedFrom(action: TransitionAction, status: ConsultationStatus): boolean {
  return (TRANSITIONS[action].from as readonly ConsultationStatus[]).includes(status);
}

function actsAs(party: Party, actor: Actor, subject: TransitionSubject): boolean {
  switch (party) {
    case "any":
      return true;
    case "requester":
      return subject.requesterId === actor.id;
    case "expert":
      return subject.expertId === actor.id;
    case "expertOrOpen":
      return subject.expertId === actor.id || subject.expertId === null;
  }
}

/** Throws ForbiddenError for the wrong person, IllegalTransitionError for the wrong status. */
export function checkTransition(action: TransitionAction, subject: TransitionSubject, actor: Actor): ConsultationStatus {
  const rule: TransitionRule = TRANSITIONS[action];
  const party = rule.roles[actor.role];
  if (!party || !actsAs(party, actor, subject)) throw new ForbiddenError("consultation.notYourAction");
  if (!isAllowedFrom(action, subject.status)) throw new IllegalTransitionError(action, subject.status);
  return rule.to;
}

/** The actions a person could take now (for buttons). */
export function availableActions(subject: TransitionSubject, actor: Actor): TransitionAction[] {
  return TRANSITION_ACTIONS.filter((action) => {
    try {
      checkTransition(action, subject, actor);
      return true;
    } catch {
      return false;
    }
  });
}

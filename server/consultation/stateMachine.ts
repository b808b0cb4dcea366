/**
 * The consultation status machine, in one place: which action moves a consultation from which
 * statuses to which, and which action of the access policy says who may take it. Everything that
 * changes a status goes through `checkTransition` (server/consultation/transition.ts).
 */
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { isAllowed, POLICY, type Action, type Actor, type Ground } from "@/server/access/policy";
import { consultationRelations, type ConsultationFacts } from "@/server/access/relations";
import type { ConsultationStatus, Role } from "@/server/db/generated/enums";

export interface TransitionRule {
  from: readonly ConsultationStatus[];
  to: ConsultationStatus;
  /** Who may take it: the access policy's action (server/access/policy.ts), by role and relationship. */
  access: Action;
}

export const TRANSITIONS = {
  submit: { from: ["DRAFT"], to: "SUBMITTED", access: "consultation.submit" },
  withdraw: { from: ["DRAFT", "SUBMITTED", "ASSIGNED"], to: "WITHDRAWN", access: "consultation.withdraw" },
  assign: { from: ["SUBMITTED"], to: "ASSIGNED", access: "consultation.assign" },
  accept: { from: ["SUBMITTED", "ASSIGNED"], to: "ASSIGNED", access: "consultation.accept" },
  // A declined request goes back to the triage queue.
  decline: { from: ["ASSIGNED"], to: "SUBMITTED", access: "consultation.decline" },
  schedule: { from: ["ASSIGNED"], to: "SCHEDULED", access: "consultation.schedule" },
  reschedule: { from: ["SCHEDULED"], to: "SCHEDULED", access: "consultation.reschedule" },
  cancel: { from: ["SUBMITTED", "ASSIGNED", "SCHEDULED"], to: "CANCELLED", access: "consultation.cancel" },
  startSession: { from: ["SCHEDULED"], to: "IN_SESSION", access: "consultation.startSession" },
  endSession: { from: ["IN_SESSION"], to: "OPINION_PENDING", access: "consultation.endSession" },
  complete: { from: ["OPINION_PENDING"], to: "COMPLETED", access: "consultation.complete" },
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

/** The consultation's columns the rules read (a full row will do). */
export type TransitionSubject = ConsultationFacts;

export class IllegalTransitionError extends ConflictError {
  constructor(action: TransitionAction, from: ConsultationStatus) {
    super("consultation.illegalTransition", { action, from }, "ILLEGAL_TRANSITION");
  }
}

export function isAllowedFrom(action: TransitionAction, status: ConsultationStatus): boolean {
  return (TRANSITIONS[action].from as readonly ConsultationStatus[]).includes(status);
}

/** Throws ForbiddenError for the wrong person, IllegalTransitionError for the wrong status. */
export function checkTransition(action: TransitionAction, subject: TransitionSubject, actor: Actor): ConsultationStatus {
  const rule: TransitionRule = TRANSITIONS[action];
  if (!isAllowed(actor, rule.access, consultationRelations(subject))) throw new ForbiddenError("consultation.notYourAction");
  if (!isAllowedFrom(action, subject.status)) throw new IllegalTransitionError(action, subject.status);
  return rule.to;
}

/**
 * The capacity in which the actor may take the action, as the booking fast path's SQL checks it
 * (server/scheduling/bookingStore.ts): requester, expert, or any consultation at the centre.
 * null when no rule admits the actor's role.
 */
export type SqlParty = "requester" | "expert" | "any";
const SQL_PARTY: Partial<Record<Ground, SqlParty>> = { requestingDoctor: "requester", assignedExpert: "expert", coordinationCentre: "any" };

export function sqlPartyFor(action: TransitionAction, role: Role): SqlParty | null {
  const grounds = POLICY[TRANSITIONS[action].access].filter((r) => (r.roles as readonly Role[]).includes(role)).map((r) => r.ground);
  if (grounds.length !== 1) return grounds.length === 0 ? null : unsupported(action, role);
  return SQL_PARTY[grounds[0] as Ground] ?? unsupported(action, role);
}

function unsupported(action: TransitionAction, role: Role): never {
  throw new Error(`the booking SQL cannot check ${action} for ${role}: one ground of requestingDoctor, assignedExpert or coordinationCentre expected`);
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

/**
 * The one access policy. Every operation on the platform is an action here; each action lists
 * the rules that allow it, and a rule is a set of roles *and* a ground: the relationship the
 * actor must have to the resource. Roles alone never open patient data.
 *
 * Entry points (route handlers, pages, raw fast routes, socket events) declare the action they
 * perform where they are defined; the domain loads the resource's relationships (`Relations`,
 * server/access/relations.ts) and asks `assertAllowed`. The authorization matrix test calls every
 * entry point as every kind of actor and compares with what this table says.
 *
 * A new ground (the shared record's consent grants and emergency access come next) is one more
 * entry in GROUNDS and one more optional field in Relations: no rule or caller is rewritten.
 */
import { ForbiddenError, NotFoundError, UnauthenticatedError, type Missing } from "@/lib/errors";
import type { InstitutionLevel, RecordCategory, Role } from "@/server/db/generated/enums";

/** The roles of people who sign in; INTEGRATION is an institution system's credential, never a user's. */
export type UserRole = Exclude<Role, "INTEGRATION">;

export function isUserRole(role: Role): role is UserRole {
  return role !== "INTEGRATION";
}

export const CLINICAL_ROLES = ["COUNTY_DOCTOR", "SPECIALIST", "COORDINATOR"] as const satisfies readonly Role[];
/** Staff who work with residents' identities: clinicians and their institution's admin. Not the platform admin. */
export const RESIDENT_STAFF = [...CLINICAL_ROLES, "INSTITUTION_ADMIN"] as const satisfies readonly Role[];
export const STAFF = [...RESIDENT_STAFF, "PLATFORM_ADMIN"] as const satisfies readonly Role[];
export const EVERYONE = [...STAFF, "PATIENT"] as const satisfies readonly Role[];
/** Everyone who can be in a call: the signed-in people, and a guest let in by a host's link (server/video/guests.ts). */
export const CALL_PEOPLE = [...EVERYONE, "GUEST"] as const satisfies readonly Role[];
/** Who may moderate a teaching session: a coordinator, or an assistant (a specialist). */
export const TEACHING_MODERATOR_ROLES = ["COORDINATOR", "SPECIALIST"] as const satisfies readonly Role[];

/**
 * The staff roles an institution of each level may give its people: the provincial (and city)
 * hospitals' experts and telemedicine centre, the requesting doctors of city, county and lower
 * institutions, and each institution's own admin. Never PLATFORM_ADMIN, PATIENT or INTEGRATION.
 */
export const STAFF_ROLES_BY_LEVEL = {
  PROVINCIAL: ["SPECIALIST", "COORDINATOR", "INSTITUTION_ADMIN"],
  CITY: ["SPECIALIST", "COUNTY_DOCTOR", "COORDINATOR", "INSTITUTION_ADMIN"],
  COUNTY: ["COUNTY_DOCTOR", "INSTITUTION_ADMIN"],
  TOWNSHIP: ["COUNTY_DOCTOR", "INSTITUTION_ADMIN"],
  VILLAGE: ["COUNTY_DOCTOR", "INSTITUTION_ADMIN"],
} as const satisfies Record<InstitutionLevel, readonly Role[]>;

export function staffRolesFor(level: InstitutionLevel): readonly UserRole[] {
  return STAFF_ROLES_BY_LEVEL[level];
}

/** Who is asking: from the verified session, never from the request. */
export interface Actor {
  id: string;
  role: Role;
  institutionId: string | null;
  /** A specialist's specialty (their department's code); loaded only where a rule needs it. */
  specialty?: string | null;
}

/**
 * What the resource is to people and institutions. Loaders fill only what applies; a ground whose
 * field is absent does not hold.
 */
export interface Relations {
  /** Institutions the resource belongs to: a resident registered at or seen by them, a request sent by them. */
  institutionIds?: readonly string[];
  /** People caring for it: the requesting doctor, the assigned expert and coordinator, an open session's participants. */
  careTeamIds?: readonly string[];
  /** A consultation's requesting doctor and assigned expert (both also in careTeamIds). */
  requesterId?: string | null;
  assignedExpertId?: string | null;
  /** The resident's own portal account; for an expert's calendar, the expert. */
  subjectUserId?: string | null;
  /** An unassigned submitted request waits in this specialty's queue. */
  queueSpecialty?: string | null;
  /** The request is in the telemedicine centre's hands (submitted and not a draft or closed by the county side). */
  atCoordinationCentre?: boolean;
  /** Members of a video room, derived from its consultation or session. */
  roomMemberIds?: readonly string[];
  /** Room members allowed to send media (hosts and participants, not viewers). */
  roomPublisherIds?: readonly string[];
  /** Room hosts. */
  roomHostIds?: readonly string[];
  /**
   * The shared record: people caring for the resident now (an open consultation's requesting
   * doctor and assigned expert, an open session's participants). Unlike careTeamIds, a closed
   * consultation no longer counts.
   */
  openCareTeamIds?: readonly string[];
  /** The resident's consents in force (not revoked, not expired), loaded at the moment of the check. */
  consents?: readonly ConsentInForce[];
  /** Clinicians with an emergency access to the resident in force. */
  emergencyAccessUserIds?: readonly string[];
  /** Family members who manage the resident's card and record (代管家人). */
  guardianUserIds?: readonly string[];
  /** A surgical teaching session: its presenter (the operating surgeon). */
  presenterId?: string | null;
  /** A teaching session's moderators (a coordinator or an assistant). */
  moderatorIds?: readonly string[];
  /** Trainees registered for a teaching session (registrations not cancelled). */
  registeredTraineeIds?: readonly string[];
  /** Institutions invited to a teaching session: their trainees may register. */
  invitedInstitutionIds?: readonly string[];
  /** A room's viewer who holds the floor now (live state of the room, granted and taken back by a host). */
  floorHolderIds?: readonly string[];
  /** Shared with the specialists of one specialty (a department code) of one institution: an opinion template without an owner. */
  sharedInSpecialty?: { institutionId: string; specialty: string } | null;
}

/** A consent in force: to one person or one institution, the whole record (categories empty) or some categories. */
export interface ConsentInForce {
  id: string;
  granteeUserId: string | null;
  granteeInstitutionId: string | null;
  categories: readonly RecordCategory[];
}

/** The consents that name the actor, as a person or through their institution. */
export function consentsFor(actor: Actor, relations: Relations): ConsentInForce[] {
  return (relations.consents ?? []).filter(
    (c) => (c.granteeUserId != null && c.granteeUserId === actor.id) || (c.granteeInstitutionId != null && actor.institutionId != null && c.granteeInstitutionId === actor.institutionId),
  );
}

type GroundCheck = (actor: Actor, relations: Relations) => boolean;

/** Each ground once. `signedIn` is for the actor's own things (their notifications, their calendar). */
export const GROUNDS = {
  signedIn: () => true,
  self: (actor, r) => r.subjectUserId != null && r.subjectUserId === actor.id,
  ownInstitution: (actor, r) => actor.institutionId != null && (r.institutionIds ?? []).includes(actor.institutionId),
  careRelationship: (actor, r) => (r.careTeamIds ?? []).includes(actor.id),
  requestingDoctor: (actor, r) => r.requesterId != null && r.requesterId === actor.id,
  assignedExpert: (actor, r) => r.assignedExpertId != null && r.assignedExpertId === actor.id,
  specialtyQueue: (actor, r) => r.queueSpecialty != null && actor.specialty != null && r.queueSpecialty === actor.specialty,
  coordinationCentre: (_actor, r) => r.atCoordinationCentre === true,
  /** Registered online and not yet at any institution: the staff who check the document at their window may verify it. */
  unaffiliated: (_actor, r) => r.institutionIds !== undefined && r.institutionIds.length === 0 && (r.careTeamIds ?? []).length === 0,
  roomMember: (actor, r) => (r.roomMemberIds ?? []).includes(actor.id),
  roomPublisher: (actor, r) => (r.roomPublisherIds ?? []).includes(actor.id),
  roomHost: (actor, r) => (r.roomHostIds ?? []).includes(actor.id),
  openCare: (actor, r) => (r.openCareTeamIds ?? []).includes(actor.id),
  /** A consent of the resident's in force names the actor or the actor's institution (some categories, or all). */
  consent: (actor, r) => consentsFor(actor, r).length > 0,
  emergencyAccess: (actor, r) => (r.emergencyAccessUserIds ?? []).includes(actor.id),
  guardian: (actor, r) => (r.guardianUserIds ?? []).includes(actor.id),
  teachingPresenter: (actor, r) => r.presenterId != null && r.presenterId === actor.id,
  teachingModerator: (actor, r) => (r.moderatorIds ?? []).includes(actor.id),
  registeredTrainee: (actor, r) => (r.registeredTraineeIds ?? []).includes(actor.id),
  invitedInstitution: (actor, r) => actor.institutionId != null && (r.invitedInstitutionIds ?? []).includes(actor.institutionId),
  floorHolder: (actor, r) => (r.floorHolderIds ?? []).includes(actor.id),
  /** The actor is a specialist of that specialty at that institution (their department's code; loaded by withSpecialty). */
  ownSpecialty: (actor, r) =>
    r.sharedInSpecialty != null && actor.institutionId != null && actor.specialty != null && r.sharedInSpecialty.institutionId === actor.institutionId && r.sharedInSpecialty.specialty === actor.specialty,
} as const satisfies Record<string, GroundCheck>;

export type Ground = keyof typeof GROUNDS;

export interface Rule {
  roles: readonly Role[];
  ground: Ground;
}

const rule = (roles: readonly Role[], ground: Ground): Rule => ({ roles, ground });

/**
 * The table. Reads of a resource answer "not found" when denied (an id from another hospital must
 * not reveal that the record exists); role refusals answer 403.
 */
export const POLICY = {
  // ---- the actor's own account and things
  "account.own": [rule(EVERYONE, "signedIn")],
  "home.view": [rule(EVERYONE, "signedIn")],
  /** The portal's frame (its layout): everyone signed in; a call's guest gets a frame without navigation, and each page's own action decides. */
  "portal.enter": [rule(CALL_PEOPLE, "signedIn")],

  // ---- master patient index
  /** Browse and search by name: the residents of the actor's institution and those in their care. */
  "resident.browse": [rule(RESIDENT_STAFF, "signedIn")],
  /** Find a resident registered elsewhere by an exact identifier: minimum identity, audited. */
  "resident.lookup": [rule(RESIDENT_STAFF, "signedIn")],
  "resident.read": [
    rule(RESIDENT_STAFF, "ownInstitution"),
    rule(CLINICAL_ROLES, "careRelationship"),
    rule(["COUNTY_DOCTOR", "INSTITUTION_ADMIN"], "unaffiliated"),
    rule(["PATIENT"], "self"),
  ],
  /** Issue a card at the window; the new record belongs to the actor's institution. */
  "resident.register": [rule(["COUNTY_DOCTOR", "INSTITUTION_ADMIN"], "signedIn")],
  /** Merge, link identifiers, verify identity: the actor's own institution's residents only. */
  "resident.update": [rule(["COUNTY_DOCTOR", "INSTITUTION_ADMIN"], "ownInstitution")],
  /**
   * Merge records whose identities disagree (another document number, sex or birth date): only an
   * institution admin of both records' institution, with a second stated reason (server/healthcard/merge.ts).
   */
  "resident.merge.override": [rule(["INSTITUTION_ADMIN"], "ownInstitution")],
  /** Undo a merge: an institution admin of the survivor's institution, with a stated reason (server/healthcard/unmerge.ts). */
  "resident.unmerge": [rule(["INSTITUTION_ADMIN"], "ownInstitution")],
  /** Confirm identity after seeing the document: the actor's institution's residents, or one registered online and unaffiliated. */
  "resident.verify": [rule(["COUNTY_DOCTOR", "INSTITUTION_ADMIN"], "ownInstitution"), rule(["COUNTY_DOCTOR", "INSTITUTION_ADMIN"], "unaffiliated")],
  /** A resident's own card, QR code and access log. */
  "card.own": [rule(["PATIENT"], "signedIn")],
  /**
   * A resident's own consultations in the portal: the request, the signed opinion, the advice.
   * The resident (self) or a family member managing the record (guardian); never the staff page.
   */
  "consultation.own": [rule(["PATIENT"], "self"), rule(["PATIENT"], "guardian")],

  // ---- consultations
  "consultation.create": [rule(["COUNTY_DOCTOR"], "signedIn")],
  "consultation.list": [rule(CLINICAL_ROLES, "signedIn")],
  "consultation.read": [
    rule(["COUNTY_DOCTOR"], "requestingDoctor"),
    rule(["COUNTY_DOCTOR"], "ownInstitution"),
    rule(["SPECIALIST"], "assignedExpert"),
    rule(["SPECIALIST"], "specialtyQueue"),
    rule(["COORDINATOR"], "coordinationCentre"),
  ],
  /** The requesting doctor's own request: edit the draft, record consent, add attachments. */
  "consultation.request": [rule(["COUNTY_DOCTOR"], "requestingDoctor")],
  /** Status changes, one action each (server/consultation/stateMachine.ts says from which statuses). */
  "consultation.submit": [rule(["COUNTY_DOCTOR"], "requestingDoctor")],
  "consultation.withdraw": [rule(["COUNTY_DOCTOR"], "requestingDoctor")],
  "consultation.assign": [rule(["COORDINATOR"], "coordinationCentre")],
  "consultation.accept": [rule(["SPECIALIST"], "assignedExpert"), rule(["SPECIALIST"], "specialtyQueue")],
  "consultation.decline": [rule(["SPECIALIST"], "assignedExpert"), rule(["COORDINATOR"], "coordinationCentre")],
  "consultation.schedule": [rule(["COORDINATOR"], "coordinationCentre"), rule(["SPECIALIST"], "assignedExpert")],
  "consultation.reschedule": [rule(["COORDINATOR"], "coordinationCentre"), rule(["SPECIALIST"], "assignedExpert"), rule(["COUNTY_DOCTOR"], "requestingDoctor")],
  "consultation.cancel": [rule(["COORDINATOR"], "coordinationCentre"), rule(["COUNTY_DOCTOR"], "requestingDoctor")],
  "consultation.startSession": [rule(["SPECIALIST"], "assignedExpert"), rule(["COUNTY_DOCTOR"], "requestingDoctor"), rule(["COORDINATOR"], "coordinationCentre")],
  "consultation.endSession": [rule(["SPECIALIST"], "assignedExpert"), rule(["COORDINATOR"], "coordinationCentre")],
  "consultation.complete": [rule(["SPECIALIST"], "assignedExpert")],
  /** Start or end the video session: the state machine then checks startSession or endSession. */
  "consultation.session": [rule(["SPECIALIST"], "assignedExpert"), rule(["COUNTY_DOCTOR"], "requestingDoctor"), rule(["COORDINATOR"], "coordinationCentre")],
  /** The offered slots of a consultation's expert, to book or rebook it. */
  "consultation.slots": [rule(["COORDINATOR"], "coordinationCentre"), rule(["SPECIALIST"], "assignedExpert"), rule(["COUNTY_DOCTOR"], "requestingDoctor")],
  "consultation.opinion": [rule(["SPECIALIST"], "assignedExpert")],
  "consultation.advise": [rule(["COUNTY_DOCTOR"], "requestingDoctor"), rule(["SPECIALIST"], "assignedExpert")],
  /**
   * Opinion templates (server/consultation/opinionTemplates.ts): the shared ones of the specialist's
   * own specialty at their own hospital, and their personal ones; read in the list and applied in the
   * opinion form. Only specialists write opinions, so only they: a coordinator, a county doctor or an
   * admin has no use for them (403), another hospital's or specialty's template answers 404.
   */
  "opinionTemplate.use": [rule(["SPECIALIST"], "ownSpecialty"), rule(["SPECIALIST"], "self")],
  /** Create, edit and delete them: any specialist of the specialty for a shared one, its owner for a personal one. */
  "opinionTemplate.manage": [rule(["SPECIALIST"], "ownSpecialty"), rule(["SPECIALIST"], "self")],

  // ---- follow-up advice
  "advice.own": [rule(["PATIENT"], "self")],
  "advice.answer": [rule(["COUNTY_DOCTOR"], "requestingDoctor"), rule(["SPECIALIST"], "assignedExpert")],

  // ---- scheduling (an expert's own calendar; coordinators read offered slots)
  "calendar.own": [rule(["SPECIALIST"], "signedIn")],
  /** Weekly hours and leave: an expert's own (the calendar's expert is the subject), or any expert's by the coordination centre. */
  "calendar.manage": [rule(["SPECIALIST"], "self"), rule(["COORDINATOR"], "signedIn")],
  "calendar.slots": [rule(["SPECIALIST"], "self"), rule(["COORDINATOR"], "signedIn")],

  // ---- video rooms (membership derives from the consultation or session)
  "room.list": [rule(EVERYONE, "signedIn")],
  "room.meeting.create": [rule(["COORDINATOR"], "signedIn")],
  /** Enter the call; a guest (GUEST) is a member of the one room their link let them into, and reaches nothing else. */
  "room.join": [rule(CALL_PEOPLE, "roomMember")],
  /** Send media: hosts and participants (guests included); a viewer only while a host gives them the floor. */
  "room.publish": [rule(CALL_PEOPLE, "roomPublisher"), rule(EVERYONE, "floorHolder")],
  "room.moderate": [rule(EVERYONE, "roomHost")],
  /** The room's record (sittings, attendance, saved snapshots) and saving a snapshot to it: members, never a guest. */
  "room.record": [rule(EVERYONE, "roomMember")],
  /** Invite a guest by a one-time link, list and revoke the room's links: its hosts. */
  "room.invite": [rule(EVERYONE, "roomHost")],

  // ---- surgical teaching (server/teaching): a coordinator schedules on the surgeon, the operating room and its camera kit
  /** Schedule, change and cancel a session; add operating rooms and camera kits. */
  "teaching.schedule": [rule(["COORDINATOR"], "signedIn")],
  /** The sessions list (scoped by teachingListScope: the centre sees all, others what they take part in or are invited to). */
  "teaching.list": [rule([...CLINICAL_ROLES, "INSTITUTION_ADMIN"], "signedIn")],
  /** One session's page. */
  "teaching.read": [
    rule(["COORDINATOR"], "signedIn"),
    rule(["SPECIALIST"], "teachingPresenter"),
    rule(TEACHING_MODERATOR_ROLES, "teachingModerator"),
    rule([...CLINICAL_ROLES, "INSTITUTION_ADMIN"], "invitedInstitution"),
    rule(CLINICAL_ROLES, "registeredTrainee"),
  ],
  /** Register (or cancel): a clinician of an invited institution for themselves, its admin for its clinicians. */
  "teaching.register": [rule([...CLINICAL_ROLES, "INSTITUTION_ADMIN"], "invitedInstitution")],
  /** Cancel a registration (its trainee is the subject, its site the institution): the trainee, or their site's admin. */
  "teaching.unregister": [rule(CLINICAL_ROLES, "self"), rule(["INSTITUTION_ADMIN"], "ownInstitution")],
  /** Watch the broadcast: registered trainees, the presenter and the moderators, and no one else. */
  "teaching.watch": [rule(CLINICAL_ROLES, "registeredTrainee"), rule(["SPECIALIST"], "teachingPresenter"), rule(TEACHING_MODERATOR_ROLES, "teachingModerator")],
  /** Broadcast: the operating surgeon. */
  "teaching.present": [rule(["SPECIALIST"], "teachingPresenter")],
  /** Handle the audience (registrations, the floor): the moderators. */
  "teaching.moderate": [rule(TEACHING_MODERATOR_ROLES, "teachingModerator")],
  /** Attendance per site and trainee: the centre, the presenter and moderators; an invited institution's admin (their own site's rows). */
  "teaching.attendance": [
    rule(["COORDINATOR"], "signedIn"),
    rule(["SPECIALIST"], "teachingPresenter"),
    rule(TEACHING_MODERATOR_ROLES, "teachingModerator"),
    rule(["INSTITUTION_ADMIN"], "invitedInstitution"),
  ],

  // ---- the shared record (server/record): role *and* a care relationship, a consent, an emergency access, or the resident themselves
  /**
   * Read a resident's shared record. A consent may cover only some categories: what the actor
   * then sees is `readableCategories` (below); every other ground opens the whole record.
   */
  "record.read": [
    rule(CLINICAL_ROLES, "ownInstitution"),
    rule(CLINICAL_ROLES, "openCare"),
    rule(CLINICAL_ROLES, "consent"),
    rule(CLINICAL_ROLES, "emergencyAccess"),
    rule(["PATIENT"], "self"),
    rule(["PATIENT"], "guardian"),
  ],
  /** The same record through the FHIR API: as the UI, plus an institution's system for its own residents. */
  "fhir.read": [
    rule(CLINICAL_ROLES, "ownInstitution"),
    rule(CLINICAL_ROLES, "openCare"),
    rule(CLINICAL_ROLES, "consent"),
    rule(CLINICAL_ROLES, "emergencyAccess"),
    rule(["PATIENT"], "self"),
    rule(["PATIENT"], "guardian"),
    rule(["INTEGRATION"], "ownInstitution"),
  ],
  /** The FHIR server's CapabilityStatement and searches (each result is checked with fhir.read). */
  "fhir.search": [rule([...CLINICAL_ROLES, "PATIENT", "INTEGRATION"], "signedIn")],
  /** Push a FHIR transaction Bundle: an institution's system, its credential issued by its admin. */
  "record.ingest": [rule(["INTEGRATION"], "signedIn")],
  /** Open an emergency ("break-glass") access: any clinician, with a reason, time-limited, reviewed afterwards. */
  "record.emergency": [rule(["COUNTY_DOCTOR", "SPECIALIST"], "signedIn")],
  /** Review emergency accesses of the admin's institution's clinicians and record the outcome. */
  "record.emergency.review": [rule(["INSTITUTION_ADMIN"], "ownInstitution")],
  /** The resident's own portal: grant and revoke consents, pair and revoke devices, see who read the record. */
  "record.manage": [rule(["PATIENT"], "self"), rule(["PATIENT"], "guardian")],
  /** Records the resident manages: their own and their family members'. */
  "record.mine": [rule(["PATIENT"], "signedIn")],
  /** Link a family member who manages a resident's record, after checking the documents at the window. */
  "family.link": [rule(["COUNTY_DOCTOR", "INSTITUTION_ADMIN"], "ownInstitution")],
  /** Flagged readings of the residents in the actor's care: the worklist, and acknowledging an alert. */
  "vitals.worklist": [rule(CLINICAL_ROLES, "signedIn")],
  "vitals.acknowledge": [rule(CLINICAL_ROLES, "ownInstitution"), rule(CLINICAL_ROLES, "openCare")],
  /** Issue and revoke the institution's integration credentials. */
  "integration.administer": [rule(["INSTITUTION_ADMIN"], "ownInstitution")],

  // ---- administration
  "institution.administer": [rule(["INSTITUTION_ADMIN"], "ownInstitution")],
  /** Disable, enable, change the role of an account: an institution admin within their institution, a platform admin anywhere. */
  "user.administer": [rule(["INSTITUTION_ADMIN"], "ownInstitution"), rule(["PLATFORM_ADMIN"], "signedIn")],
  "audit.read": [rule(["INSTITUTION_ADMIN"], "signedIn"), rule(["PLATFORM_ADMIN"], "signedIn")],
  /** Download the audit log as CSV, with the page's filters and scope (server/audit/export.ts); itself audited. */
  "audit.export": [rule(["INSTITUTION_ADMIN"], "signedIn"), rule(["PLATFORM_ADMIN"], "signedIn")],
  /**
   * The institution's staff (server/admin/staff.ts): create and invite accounts, roles, departments
   * and titles, disable and enable, password-reset links; departments. The account's (or
   * department's) institution must be the admin's own: another hospital's ids answer "not found".
   */
  "staff.administer": [rule(["INSTITUTION_ADMIN"], "ownInstitution")],
  /** Onboard institutions (level, region, issuer code, parent) and invite each one's first admin (server/admin/institutions.ts). */
  "institution.onboard": [rule(["PLATFORM_ADMIN"], "signedIn")],
} as const satisfies Record<string, readonly Rule[]>;

export type Action = keyof typeof POLICY;

/** What an entry point declares: an action of the table, or public with the reason why. */
export type EntryAccess = Action | { readonly public: string };

export function isPublic(access: EntryAccess): access is { readonly public: string } {
  return typeof access === "object";
}

export function isAction(value: string): value is Action {
  return Object.hasOwn(POLICY, value);
}

/** Roles that some rule of the action admits: the check an entry point can make before loading anything. */
export function rolesFor(action: Action): readonly Role[] {
  return [...new Set(POLICY[action].flatMap((r) => r.roles))];
}

/** The rule that allows it, or null. */
export function allowingRule(actor: Actor, action: Action, relations: Relations = {}): Rule | null {
  return POLICY[action].find((r) => r.roles.includes(actor.role) && GROUNDS[r.ground](actor, relations)) ?? null;
}

/**
 * The categories of the shared record the actor may read: all of them when a ground other than
 * consent allows the read, else the union of the consents naming the actor (a consent without
 * categories is the whole record); none when the read is not allowed.
 */
export function readableCategories(actor: Actor, action: "record.read" | "fhir.read", relations: Relations): "ALL" | RecordCategory[] {
  const rules = POLICY[action].filter((r) => r.roles.includes(actor.role) && GROUNDS[r.ground](actor, relations));
  if (rules.some((r) => r.ground !== "consent")) return "ALL";
  if (rules.length === 0) return [];
  const consents = consentsFor(actor, relations);
  if (consents.some((c) => c.categories.length === 0)) return "ALL";
  return [...new Set(consents.flatMap((c) => c.categories))];
}

export function isAllowed(actor: Actor, action: Action, relations: Relations = {}): boolean {
  return allowingRule(actor, action, relations) !== null;
}

/** For an entry point: signed in, and a role the action admits (403 otherwise). */
export function assertRole<A extends Actor>(actor: A | null | undefined, action: Action): A {
  if (!actor) throw new UnauthenticatedError();
  if (!rolesFor(action).includes(actor.role)) throw new ForbiddenError();
  return actor;
}

/**
 * For the domain, with the resource's relations. `hidden` names what to answer when denied: a
 * resource the actor must not learn exists answers 404; otherwise 403.
 */
export function assertAllowed(actor: Actor | null | undefined, action: Action, relations: Relations, hidden?: Missing): void {
  if (!actor) throw new UnauthenticatedError();
  if (isAllowed(actor, action, relations)) return;
  if (hidden) throw new NotFoundError(hidden);
  throw new ForbiddenError();
}

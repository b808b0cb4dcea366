/**
 * Every action the audit log holds, in one typed list: `audit()` takes only these, the SQL that
 * writes audit rows is checked against them (actions.test.ts scans it), and the type below fails
 * when one has no label in the i18n catalogue (lib/i18n/messages/auditActions.ts).
 */
import type { MessageKey } from "@/lib/i18n";
import type { TransitionAction } from "@/server/consultation/stateMachine";

export const AUDIT_ACTIONS = [
  "auth.signed_in",
  "auth.signed_out",
  "auth.sign_in_failed",
  "auth.sign_in_refused_disabled",
  "auth.user_disabled",
  "auth.user_enabled",
  "auth.role_changed",
  "ehc.resident.search",
  "ehc.resident.viewed",
  "ehc.resident.verified",
  "ehc.resident.mergePreviewed",
  "ehc.resident.merged",
  "ehc.resident.mergeOverridden",
  "ehc.resident.unmerged",
  "ehc.identifier.linked",
  "ehc.window.issued",
  "ehc.window.existing",
  "ehc.online.issued",
  "ehc.verify",
  "ehc.terminal.issued",
  "ehc.terminal.revoked",
  "ehc.import.uploaded",
  "consultation.create",
  "consultation.viewed",
  "consultation.editDraft",
  "consultation.consent",
  "consultation.attachment.add",
  "consultation.attachment.read",
  "consultation.attachment.delete",
  "consultation.opinion.sign",
  "consultation.submit",
  "consultation.withdraw",
  "consultation.assign",
  "consultation.accept",
  "consultation.decline",
  "consultation.schedule",
  "consultation.reschedule",
  "consultation.cancel",
  "consultation.startSession",
  "consultation.endSession",
  "consultation.complete",
  "opinionTemplate.created",
  "opinionTemplate.updated",
  "opinionTemplate.deleted",
  "advice.publish",
  "advice.acknowledge",
  "advice.question",
  "advice.answer",
  "availability.templates",
  "availability.exception.add",
  "availability.exception.delete",
  "video.room.create",
  "video.record.read",
  "video.snapshot.save",
  "video.guest.invite",
  "video.guest.join",
  "video.guest.revoke",
  "record.read",
  "record.file.read",
  "record.fhir.read",
  "record.ingested",
  "record.device.paired",
  "record.device.revoked",
  "record.device.readings",
  "record.vitals.read",
  "record.vitals.worklist",
  "record.vitals.acknowledged",
  "record.consent.granted",
  "record.consent.revoked",
  "record.emergency.opened",
  "record.emergency.reviewed",
  "record.integration.issued",
  "record.integration.revoked",
  "family.linked",
  "family.ended",
  "teaching.schedule",
  "teaching.change",
  "teaching.cancel",
  "teaching.register",
  "teaching.unregister",
  "teaching.resource.add",
  "teaching.attendance.read",
  "audit.exported",
  "admin.staff.created",
  "admin.staff.invited",
  "admin.staff.reinvited",
  "admin.staff.updated",
  "admin.password.reset_issued",
  "admin.password.reset_done",
  "admin.invite.accepted",
  "admin.department.created",
  "admin.department.renamed",
  "admin.institution.onboarded",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The audit page groups actions by their first part. */
export const AUDIT_GROUPS = ["auth", "ehc", "consultation", "opinionTemplate", "advice", "availability", "video", "record", "family", "teaching", "audit", "admin"] as const;
export type AuditGroup = (typeof AUDIT_GROUPS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

export function groupOf(action: AuditAction): AuditGroup {
  return action.slice(0, action.indexOf(".")) as AuditGroup;
}

export function actionLabelKey(action: AuditAction): MessageKey {
  return `audit.actionLabel.${action}`;
}

// ---- checked by the compiler: each consultation transition is an action, each action and group has a label
type Unlisted<T extends string> = Exclude<T, AuditAction>;
type Unlabelled = Exclude<`audit.actionLabel.${AuditAction}` | `audit.group.${AuditGroup}`, MessageKey>;
type Ungrouped = Exclude<AuditAction extends `${infer G}.${string}` ? G : never, AuditGroup>;
export const AUDIT_ACTIONS_COMPLETE: [Unlisted<`consultation.${TransitionAction}`>, Unlabelled, Ungrouped] extends [never, never, never] ? true : never = true;

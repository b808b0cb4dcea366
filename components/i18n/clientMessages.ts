/**
 * What each client component can display: catalogue namespaces (a key prefix ending in ".", or
 * one exact key). A page or layout hands its client components their texts with
 * <ClientMessages of={["SignInForm", …]}> (app/_lib/ClientMessages.tsx), so a page's HTML carries
 * only those texts, never the whole catalogue. Plain data, no "use client": server code reads it.
 *
 * components/i18n/clientMessages.test.ts reads every client component's source and fails when a
 * key it can show is missing here, or when a page renders a client component it does not name.
 */
export const CLIENT_MESSAGES = {
  // app/error.tsx
  "error": ["page.error."],
  // app/signin/SignInForm.tsx
  SignInForm: ["auth.", "signIn.network", "signIn.password", "signIn.required", "signIn.submit", "signIn.submitting", "signIn.username"],
  // components/SignOutButton.tsx
  SignOutButton: ["nav.signOut", "nav.signingOut"],
  // components/consultation/AdviceDoctorPanel.tsx
  AdviceDoctorPanel: ["cons.advice."],
  // components/consultation/AssignPanel.tsx
  AssignPanel: ["common.loading", "cons.assign."],
  // components/consultation/AvailabilityEditor.tsx
  AvailabilityEditor: ["cons.avail.", "cons.exception.", "cons.weekday."],
  // components/consultation/BookingPanel.tsx
  BookingPanel: ["common.loading", "cons.book.", "cons.common.reason"],
  // components/consultation/DraftPanel.tsx
  DraftPanel: ["cons.attach.", "cons.consent.", "cons.draft.", "consultation.attachmentTooLarge"],
  // components/consultation/OpinionForm.tsx
  OpinionForm: ["cons.common.back", "cons.opinion.", "cons.referral.", "cons.template.", "healthCard.ui.networkError"],
  // components/consultation/OpinionTemplatesAdmin.tsx
  OpinionTemplatesAdmin: ["common.textLimit.fixFirst", "cons.opinion.", "cons.template.", "consultation.template.", "healthCard.ui.networkError"],
  // components/consultation/PatientAdvice.tsx
  PatientAdvice: ["cons.advice.answer", "cons.advice.awaitingAnswer", "cons.advice.question", "cons.patientAdvice."],
  // components/consultation/PatientPicker.tsx
  PatientPicker: ["common.loading", "cons.error.network", "cons.patient.", "cons.sex."],
  // components/consultation/PrintButton.tsx
  PrintButton: ["cons.print.button"],
  // components/consultation/ReasonAction.tsx
  ReasonAction: ["cons.common."],
  // components/consultation/RequestForm.tsx
  RequestForm: ["common.loading", "common.textLimit.fixFirst", "form.fixMarked", "cons.error.network", "cons.field.preferredExpert", "cons.field.preferredTimes", "cons.field.question", "cons.field.specialty", "cons.field.summary", "cons.field.type", "cons.field.urgency", "cons.new.", "cons.specialty.", "cons.type.", "cons.urgency."],
  // components/consultation/WorkflowButtons.tsx
  WorkflowButtons: ["cons.actions."],
  // components/consultation/useAction.tsx
  useAction: ["cons.error.network"],
  // components/healthcard/ImportAdmin.tsx
  ImportAdmin: ["healthCard.import.", "healthCard.ui.import.columns", "healthCard.ui.import.file", "healthCard.ui.import.jobs", "healthCard.ui.import.none", "healthCard.ui.import.progress", "healthCard.ui.import.report", "healthCard.ui.import.status.", "healthCard.ui.import.summary", "healthCard.ui.import.upload", "healthCard.ui.loading", "healthCard.ui.networkError", "healthCard.ui.submitting"],
  // components/healthcard/MergeForm.tsx
  MergeForm: ["healthCard.merge.reasonRequired", "healthCard.merge.overrideReasonRequired", "healthCard.merge.overrideReasonSame", "healthCard.ui.cancel", "healthCard.ui.docType.", "healthCard.ui.field.birthDate", "healthCard.ui.field.cardId", "healthCard.ui.field.docNumber", "healthCard.ui.field.docType", "healthCard.ui.field.name", "healthCard.ui.field.sex", "healthCard.ui.kind.", "healthCard.ui.merge.", "healthCard.ui.networkError", "healthCard.ui.sex.", "healthCard.ui.status."],
  // components/healthcard/MergeComparison.tsx
  MergeComparison: ["healthCard.ui.docType.", "healthCard.ui.field.birthDate", "healthCard.ui.field.cardId", "healthCard.ui.field.docNumber", "healthCard.ui.field.docType", "healthCard.ui.field.name", "healthCard.ui.field.sex", "healthCard.ui.kind.", "healthCard.ui.merge.", "healthCard.ui.sex.", "healthCard.ui.status."],
  // components/healthcard/UnmergeButton.tsx
  UnmergeButton: ["healthCard.unmerge.reasonRequired", "healthCard.ui.unmerge.", "healthCard.ui.cancel", "healthCard.ui.networkError"],
  // components/healthcard/PatientActions.tsx
  PatientActions: ["healthCard.ui.field.identifierKind", "healthCard.ui.field.identifierValue", "healthCard.ui.field.issuer", "healthCard.ui.field.issuerHint", "healthCard.ui.kind.", "healthCard.ui.link.", "healthCard.ui.networkError", "healthCard.ui.verify.done", "healthCard.ui.verify.staff"],
  // components/healthcard/PatientSearch.tsx
  PatientSearch: ["healthCard.ui.field.birthDate", "healthCard.ui.field.cardStatus", "healthCard.ui.field.docNumber", "healthCard.ui.field.name", "healthCard.ui.field.sex", "healthCard.ui.networkError", "healthCard.ui.scan.open", "healthCard.ui.search.", "healthCard.ui.sex.", "healthCard.ui.status.", "healthCard.ui.window.link"],
  // components/healthcard/QrCard.tsx
  QrCard: ["healthCard.ui.card.", "healthCard.ui.networkError"],
  // components/healthcard/QrScanner.tsx
  QrScanner: ["healthCard.ui.scan."],
  // components/healthcard/RegisterForm.tsx
  RegisterForm: ["healthCard.ui.docType.", "healthCard.ui.field.birthDate", "healthCard.ui.field.docNumber", "healthCard.ui.field.docNumberHint", "healthCard.ui.field.docType", "healthCard.ui.field.name", "healthCard.ui.field.phone", "healthCard.ui.field.sex", "healthCard.ui.networkError", "healthCard.ui.register.", "healthCard.ui.sex.FEMALE", "healthCard.ui.sex.MALE", "healthCard.ui.submitting", "healthCard.ui.verify."],
  // components/record/IntegrationsAdmin.tsx
  IntegrationsAdmin: ["healthCard.ui.networkError", "record.integration.ui."],
  // components/healthcard/TerminalsAdmin.tsx
  TerminalsAdmin: ["healthCard.ui.cancel", "healthCard.ui.loading", "healthCard.ui.networkError", "healthCard.ui.terminals."],
  // components/healthcard/WindowIssueForm.tsx
  WindowIssueForm: ["healthCard.ui.field.cardId", "healthCard.ui.field.portalUsername", "healthCard.ui.field.portalUsernameHint", "healthCard.ui.field.visitCard", "healthCard.ui.networkError", "healthCard.ui.submitting", "healthCard.ui.window."],
  // components/i18n/LocaleSwitch.tsx
  LocaleSwitch: ["locale.label", "locale.switchTo"],
  // components/ui/TextSizeToggle.tsx
  TextSizeToggle: ["textSize.large", "textSize.saveFailed", "healthCard.ui.networkError"],
  // components/notifications/NotificationBell.tsx
  NotificationBell: ["notify."],
  // components/notifications/NotificationCenter.tsx
  NotificationCenter: ["common.loading", "cons.error.network", "cons.page.", "notify."],
  // components/record/ConsentForm.tsx
  ConsentForm: ["record.category.", "record.consent."],
  // components/record/EmergencyForm.tsx
  EmergencyForm: ["cons.error.network", "healthCard.ui.sex.", "record.consent.cancel", "record.emergency."],
  // components/record/FamilyLinkForm.tsx
  FamilyLinkForm: ["record.family."],
  // components/record/RegisterChildForm.tsx
  RegisterChildForm: ["record.family.registerChild", "record.family.registered"],
  // components/record/ReviewForm.tsx
  ReviewForm: ["record.review."],
  // components/teaching/CheckList.tsx
  CheckList: ["teaching.ui.field.filter", "teaching.ui.selected"],
  // components/teaching/RegistrationPanel.tsx
  RegistrationPanel: ["teaching.ui.register.", "teaching.ui.detail.keep"],
  // components/teaching/CancelSessionButton.tsx
  CancelSessionButton: ["teaching.ui.detail.cancelSession", "teaching.ui.detail.cancelQuestion", "teaching.ui.detail.cancelConfirm", "teaching.ui.detail.keep", "teaching.ui.field.cancelReason", "cons.common.reasonRequired"],
  // components/teaching/ResourceForm.tsx
  ResourceForm: ["teaching.ui.resource."],
  // components/teaching/ScheduleForm.tsx
  ScheduleForm: ["common.submitting", "cons.error.network", "teaching.ui.choose", "teaching.ui.field.", "teaching.ui.level.", "teaching.ui.new."],
  // components/teaching/TeachingWatch.tsx
  TeachingWatch: ["teaching.ui.watch.", "teaching.ui.status.", "video.room.connecting", "video.room.connectingText", "video.room.leave", "video.room.leftTitle", "video.room.leftText", "video.room.reconnecting", "video.error.internal"],
  // components/ui/LimitedTextarea.tsx
  LimitedTextarea: ["common.textLimit.count", "common.textLimit.over"],
  // components/ui/PendingButton.tsx
  PendingButton: ["common.loading", "common.submitting"],
  // components/video/AnnotationStage.tsx
  AnnotationStage: ["video.annotate.", "video.room.viewRecord"],
  // components/ui/useFieldErrors.tsx
  useFieldErrors: ["form.field."],
  // components/video/ConfirmButton.tsx
  ConfirmButton: ["video.confirm.cancel"],
  // components/video/ConnectivityTest.tsx
  ConnectivityTest: ["video.prejoin.network.", "video.prejoin.testNetwork", "video.prejoin.testing"],
  // components/video/PreJoin.tsx
  PreJoin: ["video.prejoin."],
  // components/video/GuestLanding.tsx
  GuestLanding: ["video.guest.page."],
  // components/video/GuestInvite.tsx
  GuestInvite: ["video.guest.kind.", "video.guest.ui."],
  // components/video/SidePanel.tsx
  SidePanel: ["cons.field.number", "cons.field.question", "cons.field.summary", "video.chat.", "video.host.mute", "video.host.remove", "video.host.removeConfirm", "video.host.removeQuestion", "video.lobby.admit", "video.lobby.deny", "video.lobby.waitingCount", "video.lobby.waitingList", "video.panel.", "video.quality.", "video.role.host", "video.room.reconnectingShort", "video.guest.badge", "video.guest.kind."],
  // components/video/Tile.tsx
  Tile: ["video.quality.", "video.room.muted", "video.room.speaking", "video.room.you"],
  // components/video/VideoRoomView.tsx
  VideoRoomView: ["video.error.internal", "video.host.endConsultationQuestion", "video.host.endForAll", "video.host.endForAllConfirm", "video.host.endForAllQuestion", "video.host.endedForAllDone", "video.lobby.waitingText", "video.lobby.waitingTitle", "video.room.backToConsultation", "video.room.backToList", "video.room.cameraOff", "video.room.cameraOn", "video.room.connecting", "video.room.connectingText", "video.room.controls", "video.room.leave", "video.room.leftText", "video.room.leftTitle", "video.room.mute", "video.room.reconnecting", "video.room.share", "video.room.stopShare", "video.room.unmute", "video.room.viewRecord", "video.guest.call.", "video.guest.sessionEnded"],
  // components/vitals/AcknowledgeAlerts.tsx
  AcknowledgeAlerts: ["vitals.worklist."],
  // components/vitals/DevicesManager.tsx
  DevicesManager: ["healthCard.ui.networkError", "vitals.devices.", "vitals.deviceKind."],
  // components/admin (issue 13: administration)
  StaffAdmin: ["admin.ui.", "healthCard.ui.networkError", "role."],
  StaffEditDialog: ["admin.ui.", "healthCard.ui.networkError", "role."],
  DepartmentsAdmin: ["admin.ui.", "healthCard.ui.networkError"],
  InstitutionsAdmin: ["admin.ui.", "healthCard.ui.networkError", "level."],
  AccountSetupForm: ["admin.setup.", "admin.ui.loading", "admin.ui.networkError", "admin.ui.passwordHint", "admin.ui.passwordRequired", "admin.ui.username", "common.loading", "common.submitting", "healthCard.ui.networkError"],
} as const satisfies Record<string, readonly string[]>;

export type ClientComponent = keyof typeof CLIENT_MESSAGES;

/** The namespaces of some client components, for pickMessages. */
export function namespacesOf(components: readonly ClientComponent[]): string[] {
  return [...new Set(components.flatMap((component) => CLIENT_MESSAGES[component]))];
}

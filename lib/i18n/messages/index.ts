/**
 * The whole catalogue: the static union of the feature catalogues, each written in the one shape
 * (define.ts). Feature catalogues never share a key (server/i18n/i18n.test.ts checks).
 */
import { appMessages } from "./app";
import { auditMessages } from "./audit";
import { authMessages } from "./auth";
import { consultationMessages } from "./consultation";
import { consultationUiMessages } from "./consultationUi";
import { errorMessages } from "./errors";
import { healthCardMessages } from "./healthCard";
import { healthCardAccessMessages } from "./healthCardAccess";
import { healthCardUiMessages } from "./healthCardUi";
import { homeMessages } from "./home";
import { notificationMessages } from "./notifications";
import { observabilityMessages } from "./observability";
import { recordMessages } from "./record";
import { recordUiMessages } from "./recordUi";
import { recordFhirMessages } from "./recordFhir";
import { sfuMessages } from "./sfu";
import { teachingMessages } from "./teaching";
import { teachingUiMessages } from "./teachingUi";
import { upcomingMessages } from "./upcoming";
import { videoMessages } from "./video";
import { videoUiMessages } from "./videoUi";
import { videoGuestMessages } from "./videoGuest";
import { vitalsMessages } from "./vitals";
import { healthCardMergeMessages } from "./healthCardMerge";
import { auditActionMessages } from "./auditActions";
import { clinicDayMessages } from "./clinicDay";
import { adminMessages } from "./admin";
import { opinionTemplateMessages } from "./opinionTemplates";

export const FEATURE_CATALOGUES = {
  app: appMessages,
  auth: authMessages,
  home: homeMessages,
  errors: errorMessages,
  audit: auditMessages,
  healthCard: healthCardMessages,
  healthCardUi: healthCardUiMessages,
  healthCardAccess: healthCardAccessMessages,
  consultation: consultationMessages,
  consultationUi: consultationUiMessages,
  upcoming: upcomingMessages,
  video: videoMessages,
  videoUi: videoUiMessages,
  videoGuest: videoGuestMessages,
  sfu: sfuMessages,
  notifications: notificationMessages,
  record: recordMessages,
  recordUi: recordUiMessages,
  recordFhir: recordFhirMessages,
  vitals: vitalsMessages,
  teaching: teachingMessages,
  teachingUi: teachingUiMessages,
  healthCardMerge: healthCardMergeMessages,
  auditActions: auditActionMessages,
  clinicDay: clinicDayMessages,
  admin: adminMessages,
  opinionTemplates: opinionTemplateMessages,
  observability: observabilityMessages,
} as const;

export const MESSAGES = {
  ...appMessages,
  ...authMessages,
  ...homeMessages,
  ...errorMessages,
  ...auditMessages,
  ...healthCardMessages,
  ...healthCardUiMessages,
  ...healthCardAccessMessages,
  ...consultationMessages,
  ...consultationUiMessages,
  ...upcomingMessages,
  ...videoMessages,
  ...videoUiMessages,
  ...videoGuestMessages,
  ...sfuMessages,
  ...notificationMessages,
  ...recordMessages,
  ...recordUiMessages,
  ...recordFhirMessages,
  ...vitalsMessages,
  ...teachingMessages,
  ...teachingUiMessages,
  ...healthCardMergeMessages,
  ...auditActionMessages,
  ...clinicDayMessages,
  ...adminMessages,
  ...opinionTemplateMessages,
  ...observabilityMessages,
} as const;

export type MessageKey = keyof typeof MESSAGES;

/**
 * Families of keys whose last part is data (a specialty or document code read from the database,
 * a role, a recorded reason). `t` takes them; when the data names no entry the key itself shows.
 * Every other key is checked by the compiler; a key that arrives as a plain string (stored in a
 * row, sent by the API) goes through `translateKey`, which checks it with `isMessageKey`.
 */
type DynamicFamily =
  | "notify."
  | "cons.specialty."
  | "cons.action."
  | "cons.referral."
  | "cons.list.empty."
  | "cons.weekday."
  | "cons.exception."
  | "cons.consent."
  | "cons.sex."
  | "healthCard.ui.docType."
  | "healthCard.ui.sex."
  | "healthCard.ui.status."
  | "video.record.reason."
  | "video.guest.kind."
  | "video.guest.ui.status."
  | "record.category."
  | "record.vital."
  | "record.family.relationship."
  | "record.consent.status."
  | "record.emergency.outcome."
  | "record.view.ground."
  | "record.myCons.referral."
  | "admin.ui.status.";
export type DynamicKey = `${DynamicFamily}${string}`;

/** What `t` and `translate` accept. */
export type TextKey = MessageKey | DynamicKey;

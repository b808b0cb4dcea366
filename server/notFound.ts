/**
 * Everything the platform can answer "not found" about, each once: the public code names the
 * thing (`TERMINAL_NOT_FOUND`, never a neighbour's code) and the message key says it (texts in
 * lib/i18n/messages/). Throw `new NotFoundError(MISSING.terminal)`.
 */
import type { Missing } from "@/lib/errors";

export const MISSING = {
  api: { code: "API_NOT_FOUND", messageKey: "errors.apiNotFound" },
  // consultations
  consultation: { code: "CONSULTATION_NOT_FOUND", messageKey: "consultation.notFound" },
  attachment: { code: "ATTACHMENT_NOT_FOUND", messageKey: "consultation.attachmentNotFound" },
  consultationResident: { code: "RESIDENT_NOT_FOUND", messageKey: "consultation.residentNotFound" },
  advice: { code: "ADVICE_NOT_FOUND", messageKey: "consultation.adviceNotFound" },
  adviceQuestion: { code: "ADVICE_QUESTION_NOT_FOUND", messageKey: "consultation.questionNotFound" },
  opinionTemplate: { code: "OPINION_TEMPLATE_NOT_FOUND", messageKey: "consultation.template.notFound" },
  // scheduling
  expert: { code: "EXPERT_NOT_FOUND", messageKey: "scheduling.expertNotFound" },
  availabilityException: { code: "AVAILABILITY_EXCEPTION_NOT_FOUND", messageKey: "scheduling.exceptionNotFound" },
  // health card
  resident: { code: "RESIDENT_NOT_FOUND", messageKey: "healthCard.resident.notFound" },
  healthCard: { code: "HEALTH_CARD_NOT_FOUND", messageKey: "healthCard.online.noCard" },
  terminal: { code: "TERMINAL_NOT_FOUND", messageKey: "healthCard.terminal.notFound" },
  importJob: { code: "IMPORT_JOB_NOT_FOUND", messageKey: "healthCard.import.notFound" },
  residentMerge: { code: "RESIDENT_MERGE_NOT_FOUND", messageKey: "healthCard.unmerge.notFound" },
  // the shared record
  recordFile: { code: "RECORD_FILE_NOT_FOUND", messageKey: "record.file.notFound" },
  consent: { code: "CONSENT_NOT_FOUND", messageKey: "record.consent.notFound" },
  emergencyAccess: { code: "EMERGENCY_ACCESS_NOT_FOUND", messageKey: "record.emergency.notFound" },
  familyLink: { code: "FAMILY_LINK_NOT_FOUND", messageKey: "record.family.notFound" },
  // shared record: home devices and vital-sign alerts
  device: { code: "DEVICE_NOT_FOUND", messageKey: "vitals.device.notFound" },
  vitalAlert: { code: "VITAL_ALERT_NOT_FOUND", messageKey: "vitals.worklist.alertNotFound" },
  // shared record
  integrationCredential: { code: "INTEGRATION_CREDENTIAL_NOT_FOUND", messageKey: "record.integration.notFound" },
  fhirResource: { code: "FHIR_RESOURCE_NOT_FOUND", messageKey: "record.fhir.notFound" },
  // video consultations
  videoRoom: { code: "VIDEO_ROOM_NOT_FOUND", messageKey: "video.room.notFound" },
  snapshot: { code: "SNAPSHOT_NOT_FOUND", messageKey: "video.snapshot.notFound" },
  roomMember: { code: "ROOM_MEMBER_NOT_FOUND", messageKey: "video.lobby.notInRoom" },
  probe: { code: "PROBE_NOT_FOUND", messageKey: "video.probe.gone" },
  guestLink: { code: "GUEST_LINK_NOT_FOUND", messageKey: "video.guest.linkNotFound" },
  // surgical teaching
  teachingSession: { code: "TEACHING_SESSION_NOT_FOUND", messageKey: "teaching.notFound" },
  teachingRegistration: { code: "TEACHING_REGISTRATION_NOT_FOUND", messageKey: "teaching.registration.notFound" },
  // SFU
  peer: { code: "PEER_NOT_FOUND", messageKey: "sfu.peerNotInRoom" },
  transport: { code: "TRANSPORT_NOT_FOUND", messageKey: "sfu.transportNotFound" },
  recvTransport: { code: "RECV_TRANSPORT_NOT_FOUND", messageKey: "sfu.recvTransportNotFound" },
  producer: { code: "PRODUCER_NOT_FOUND", messageKey: "sfu.producerNotFound" },
  producerInRoom: { code: "PRODUCER_NOT_FOUND", messageKey: "sfu.producerNotInRoom" },
  consumer: { code: "CONSUMER_NOT_FOUND", messageKey: "sfu.consumerNotFound" },
  // administration (server/admin/)
  staff: { code: "STAFF_NOT_FOUND", messageKey: "admin.staff.notFound" },
  department: { code: "DEPARTMENT_NOT_FOUND", messageKey: "admin.department.notFound" },
  institution: { code: "INSTITUTION_NOT_FOUND", messageKey: "admin.institution.notFound" },
  accountLink: { code: "ACCOUNT_LINK_NOT_FOUND", messageKey: "admin.link.notFound" },
} as const satisfies Record<string, Missing>;

-- CreateEnum
CREATE TYPE "ConsultationType" AS ENUM ('REMOTE_CONSULTATION', 'REMOTE_OUTPATIENT', 'REFERRAL');

-- CreateEnum
CREATE TYPE "Urgency" AS ENUM ('ROUTINE', 'URGENT', 'EMERGENCY');

-- CreateEnum
CREATE TYPE "ConsultationStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'ASSIGNED', 'SCHEDULED', 'IN_SESSION', 'OPINION_PENDING', 'COMPLETED', 'CANCELLED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "ConsentMethod" AS ENUM ('ON_SCREEN_SIGNATURE', 'PORTAL_CONFIRMATION');

-- CreateEnum
CREATE TYPE "AvailabilityExceptionKind" AS ENUM ('LEAVE', 'SURGERY', 'EXTRA');

-- CreateEnum
CREATE TYPE "ReferralDecision" AS ENUM ('NO_REFERRAL', 'REFER_TO_PROVINCIAL', 'TREAT_LOCALLY_WITH_FOLLOW_UP');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('PENDING', 'DONE', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "consultation" (
    "id" UUID NOT NULL,
    "number" VARCHAR(24) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" "ConsultationStatus" NOT NULL DEFAULT 'DRAFT',
    "type" "ConsultationType" NOT NULL,
    "urgency" "Urgency" NOT NULL DEFAULT 'ROUTINE',
    "specialty" VARCHAR(16) NOT NULL,
    "resident_id" UUID NOT NULL,
    "requester_id" UUID NOT NULL,
    "requesting_institution_id" UUID NOT NULL,
    "preferred_expert_id" UUID,
    "expert_id" UUID,
    "expert_accepted_at" TIMESTAMPTZ(3),
    "clinical_summary" TEXT NOT NULL DEFAULT '',
    "question" TEXT NOT NULL DEFAULT '',
    "preferred_times" VARCHAR(500) NOT NULL DEFAULT '',
    "consent_method" "ConsentMethod",
    "consent_given_by" VARCHAR(100),
    "consent_recorded_by_id" UUID,
    "consent_at" TIMESTAMPTZ(3),
    "scheduled_start" TIMESTAMPTZ(3),
    "scheduled_end" TIMESTAMPTZ(3),
    "submitted_at" TIMESTAMPTZ(3),
    "closed_reason" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "consultation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consultation_attachment" (
    "id" UUID NOT NULL,
    "consultation_id" UUID NOT NULL,
    "file_name" VARCHAR(200) NOT NULL,
    "content_type" VARCHAR(80) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sm3" CHAR(64) NOT NULL,
    "content" BYTEA NOT NULL,
    "uploaded_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consultation_attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consultation_event" (
    "id" BIGSERIAL NOT NULL,
    "consultation_id" UUID NOT NULL,
    "action" VARCHAR(32) NOT NULL,
    "from_status" "ConsultationStatus",
    "to_status" "ConsultationStatus" NOT NULL,
    "actor_id" UUID NOT NULL,
    "reason" VARCHAR(500),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consultation_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "availability_template" (
    "id" UUID NOT NULL,
    "expert_id" UUID NOT NULL,
    "weekday" SMALLINT NOT NULL,
    "start_minute" SMALLINT NOT NULL,
    "end_minute" SMALLINT NOT NULL,
    "slot_minutes" SMALLINT NOT NULL DEFAULT 30,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "availability_template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "availability_exception" (
    "id" UUID NOT NULL,
    "expert_id" UUID NOT NULL,
    "kind" "AvailabilityExceptionKind" NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "slot_minutes" SMALLINT NOT NULL DEFAULT 30,
    "note" VARCHAR(200),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "availability_exception_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appointment" (
    "id" UUID NOT NULL,
    "consultation_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "booked_by_id" UUID NOT NULL,
    "cancelled_at" TIMESTAMPTZ(3),
    "cancel_reason" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "appointment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person_booking" (
    "id" UUID NOT NULL,
    "appointment_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "person_booking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consultation_opinion" (
    "id" UUID NOT NULL,
    "consultation_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "author_id" UUID NOT NULL,
    "findings" TEXT NOT NULL,
    "impression" TEXT NOT NULL,
    "recommendations" TEXT NOT NULL,
    "referral_decision" "ReferralDecision" NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "signature" VARCHAR(256) NOT NULL,
    "public_key" VARCHAR(160) NOT NULL,
    "signature_algorithm" VARCHAR(32) NOT NULL DEFAULT 'SM2-with-SM3',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consultation_opinion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "expert_signing_key" (
    "user_id" UUID NOT NULL,
    "public_key" VARCHAR(160) NOT NULL,
    "encrypted_private_key" VARCHAR(200) NOT NULL,
    "iv" CHAR(32) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "expert_signing_key_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "follow_up_advice" (
    "id" UUID NOT NULL,
    "consultation_id" UUID NOT NULL,
    "resident_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMPTZ(3),

    CONSTRAINT "follow_up_advice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "advice_question" (
    "id" UUID NOT NULL,
    "advice_id" UUID NOT NULL,
    "asked_by_id" UUID NOT NULL,
    "question" VARCHAR(2000) NOT NULL,
    "asked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" VARCHAR(4000),
    "answered_by_id" UUID,
    "answered_at" TIMESTAMPTZ(3),

    CONSTRAINT "advice_question_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" VARCHAR(48) NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "link" VARCHAR(200),
    "dedupe_key" VARCHAR(160),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scheduled_job" (
    "id" UUID NOT NULL,
    "kind" VARCHAR(48) NOT NULL,
    "run_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "dedupe_key" VARCHAR(160) NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" VARCHAR(500),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scheduled_job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "consultation_number_key" ON "consultation"("number");

-- CreateIndex
CREATE INDEX "consultation_status_urgency_submitted_at_idx" ON "consultation"("status", "urgency", "submitted_at");

-- CreateIndex
CREATE INDEX "consultation_requester_id_created_at_idx" ON "consultation"("requester_id", "created_at");

-- CreateIndex
CREATE INDEX "consultation_expert_id_status_idx" ON "consultation"("expert_id", "status");

-- CreateIndex
CREATE INDEX "consultation_resident_id_idx" ON "consultation"("resident_id");

-- CreateIndex
CREATE INDEX "consultation_attachment_consultation_id_idx" ON "consultation_attachment"("consultation_id");

-- CreateIndex
CREATE INDEX "consultation_event_consultation_id_at_idx" ON "consultation_event"("consultation_id", "at");

-- CreateIndex
CREATE INDEX "availability_template_expert_id_weekday_idx" ON "availability_template"("expert_id", "weekday");

-- CreateIndex
CREATE INDEX "availability_exception_expert_id_starts_at_idx" ON "availability_exception"("expert_id", "starts_at");

-- CreateIndex
CREATE INDEX "appointment_consultation_id_idx" ON "appointment"("consultation_id");

-- CreateIndex
CREATE INDEX "appointment_starts_at_idx" ON "appointment"("starts_at");

-- CreateIndex
CREATE INDEX "person_booking_user_id_starts_at_idx" ON "person_booking"("user_id", "starts_at");

-- CreateIndex
CREATE INDEX "person_booking_appointment_id_idx" ON "person_booking"("appointment_id");

-- CreateIndex
CREATE UNIQUE INDEX "consultation_opinion_consultation_id_version_key" ON "consultation_opinion"("consultation_id", "version");

-- CreateIndex
CREATE INDEX "follow_up_advice_resident_id_published_at_idx" ON "follow_up_advice"("resident_id", "published_at");

-- CreateIndex
CREATE INDEX "follow_up_advice_consultation_id_idx" ON "follow_up_advice"("consultation_id");

-- CreateIndex
CREATE INDEX "advice_question_advice_id_idx" ON "advice_question"("advice_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_dedupe_key_key" ON "notification"("dedupe_key");

-- CreateIndex
CREATE INDEX "notification_user_id_read_at_created_at_idx" ON "notification"("user_id", "read_at", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "scheduled_job_dedupe_key_key" ON "scheduled_job"("dedupe_key");

-- CreateIndex
CREATE INDEX "scheduled_job_status_run_at_idx" ON "scheduled_job"("status", "run_at");

-- AddForeignKey
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_requester_id_fkey" FOREIGN KEY ("requester_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_requesting_institution_id_fkey" FOREIGN KEY ("requesting_institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultation" ADD CONSTRAINT "consultation_expert_id_fkey" FOREIGN KEY ("expert_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultation_attachment" ADD CONSTRAINT "consultation_attachment_consultation_id_fkey" FOREIGN KEY ("consultation_id") REFERENCES "consultation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultation_event" ADD CONSTRAINT "consultation_event_consultation_id_fkey" FOREIGN KEY ("consultation_id") REFERENCES "consultation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "availability_template" ADD CONSTRAINT "availability_template_expert_id_fkey" FOREIGN KEY ("expert_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "availability_exception" ADD CONSTRAINT "availability_exception_expert_id_fkey" FOREIGN KEY ("expert_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_consultation_id_fkey" FOREIGN KEY ("consultation_id") REFERENCES "consultation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_booking" ADD CONSTRAINT "person_booking_appointment_id_fkey" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person_booking" ADD CONSTRAINT "person_booking_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultation_opinion" ADD CONSTRAINT "consultation_opinion_consultation_id_fkey" FOREIGN KEY ("consultation_id") REFERENCES "consultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultation_opinion" ADD CONSTRAINT "consultation_opinion_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "expert_signing_key" ADD CONSTRAINT "expert_signing_key_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up_advice" ADD CONSTRAINT "follow_up_advice_consultation_id_fkey" FOREIGN KEY ("consultation_id") REFERENCES "consultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up_advice" ADD CONSTRAINT "follow_up_advice_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up_advice" ADD CONSTRAINT "follow_up_advice_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "advice_question" ADD CONSTRAINT "advice_question_advice_id_fkey" FOREIGN KEY ("advice_id") REFERENCES "follow_up_advice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: a person (expert, county doctor) can never hold two overlapping active bookings.
-- (tstzrange itself refuses an end before the start.)
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE "person_booking" ADD CONSTRAINT "person_booking_no_overlap"
  EXCLUDE USING gist ("user_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("active");
-- Hand-written: at most one live appointment per consultation.
ALTER TABLE "appointment" ADD CONSTRAINT "appointment_one_live_per_consultation"
  EXCLUDE USING gist ("consultation_id" WITH =) WHERE ("cancelled_at" IS NULL);

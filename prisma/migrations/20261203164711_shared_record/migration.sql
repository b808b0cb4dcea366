-- CreateEnum
CREATE TYPE "RecordCategory" AS ENUM ('SUMMARY', 'ENCOUNTER', 'DOCUMENT', 'REPORT', 'IMAGE', 'VITAL', 'CONSULTATION');

-- CreateEnum
CREATE TYPE "VitalKind" AS ENUM ('BLOOD_PRESSURE', 'HEART_RATE', 'GLUCOSE', 'SPO2', 'BODY_TEMPERATURE', 'BODY_WEIGHT');

-- CreateEnum
CREATE TYPE "VitalFlag" AS ENUM ('LOW', 'HIGH', 'CRITICAL_LOW', 'CRITICAL_HIGH');

-- CreateEnum
CREATE TYPE "VitalSource" AS ENUM ('DEVICE', 'INSTITUTION');

-- CreateEnum
CREATE TYPE "HomeDeviceKind" AS ENUM ('BLOOD_PRESSURE_MONITOR', 'GLUCOMETER', 'HEART_RATE_BAND');

-- CreateEnum
CREATE TYPE "VitalAlertStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED');

-- CreateEnum
CREATE TYPE "EmergencyReviewOutcome" AS ENUM ('JUSTIFIED', 'NOT_JUSTIFIED');

-- CreateEnum
CREATE TYPE "FamilyRelationship" AS ENUM ('PARENT', 'CHILD', 'SPOUSE', 'GUARDIAN');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'INTEGRATION';

-- CreateTable
CREATE TABLE "record_entry" (
    "id" UUID NOT NULL,
    "resident_id" UUID NOT NULL,
    "category" "RecordCategory" NOT NULL,
    "resource_type" VARCHAR(40) NOT NULL,
    "source_institution_id" UUID NOT NULL,
    "source_id" VARCHAR(200) NOT NULL,
    "author" VARCHAR(200),
    "title" VARCHAR(500) NOT NULL,
    "status" VARCHAR(40),
    "effective_at" TIMESTAMPTZ(3),
    "resource" JSONB NOT NULL,
    "content_hash" CHAR(64) NOT NULL,
    "receipt_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "record_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "record_file" (
    "id" UUID NOT NULL,
    "entry_id" UUID NOT NULL,
    "resident_id" UUID NOT NULL,
    "file_name" VARCHAR(200) NOT NULL,
    "content_type" VARCHAR(80) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sm3" CHAR(64) NOT NULL,
    "content" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "record_file_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vital_reading" (
    "id" UUID NOT NULL,
    "resident_id" UUID NOT NULL,
    "kind" "VitalKind" NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "value2" DOUBLE PRECISION,
    "unit" VARCHAR(16) NOT NULL,
    "measured_at" TIMESTAMPTZ(3) NOT NULL,
    "source" "VitalSource" NOT NULL,
    "device_id" UUID,
    "source_institution_id" UUID,
    "source_key" VARCHAR(300) NOT NULL,
    "flag" "VitalFlag",
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vital_reading_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vital_alert" (
    "id" UUID NOT NULL,
    "reading_id" UUID NOT NULL,
    "resident_id" UUID NOT NULL,
    "status" "VitalAlertStatus" NOT NULL DEFAULT 'OPEN',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_by_id" UUID,
    "acknowledged_at" TIMESTAMPTZ(3),
    "note" VARCHAR(500),

    CONSTRAINT "vital_alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "home_device" (
    "id" UUID NOT NULL,
    "resident_id" UUID NOT NULL,
    "kind" "HomeDeviceKind" NOT NULL,
    "label" VARCHAR(100) NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "token_hint" VARCHAR(16) NOT NULL,
    "paired_by_id" UUID NOT NULL,
    "paired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "home_device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "integration_credential" (
    "id" UUID NOT NULL,
    "institution_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "token_hint" VARCHAR(16) NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "integration_credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fhir_bundle_receipt" (
    "id" UUID NOT NULL,
    "institution_id" UUID NOT NULL,
    "credential_id" UUID NOT NULL,
    "bundle_hash" CHAR(64) NOT NULL,
    "resource_count" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fhir_bundle_receipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "record_consent" (
    "id" UUID NOT NULL,
    "resident_id" UUID NOT NULL,
    "grantee_user_id" UUID,
    "grantee_institution_id" UUID,
    "categories" "RecordCategory"[],
    "purpose" VARCHAR(200),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "granted_by_id" UUID NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_id" UUID,

    CONSTRAINT "record_consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "emergency_access" (
    "id" UUID NOT NULL,
    "resident_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "institution_id" UUID,
    "reason" VARCHAR(500) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "review_outcome" "EmergencyReviewOutcome",
    "review_note" VARCHAR(500),
    "reviewed_by_id" UUID,
    "reviewed_at" TIMESTAMPTZ(3),

    CONSTRAINT "emergency_access_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "family_link" (
    "id" UUID NOT NULL,
    "guardian_user_id" UUID NOT NULL,
    "resident_id" UUID NOT NULL,
    "relationship" "FamilyRelationship" NOT NULL,
    "established_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "ended_by_id" UUID,

    CONSTRAINT "family_link_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "record_entry_resident_id_category_effective_at_idx" ON "record_entry"("resident_id", "category", "effective_at");

-- CreateIndex
CREATE INDEX "record_entry_resident_id_resource_type_effective_at_idx" ON "record_entry"("resident_id", "resource_type", "effective_at");

-- CreateIndex
CREATE UNIQUE INDEX "record_entry_source_institution_id_resource_type_source_id_key" ON "record_entry"("source_institution_id", "resource_type", "source_id");

-- CreateIndex
CREATE INDEX "record_file_entry_id_idx" ON "record_file"("entry_id");

-- CreateIndex
CREATE INDEX "record_file_resident_id_idx" ON "record_file"("resident_id");

-- CreateIndex
CREATE UNIQUE INDEX "vital_reading_source_key_key" ON "vital_reading"("source_key");

-- CreateIndex
CREATE INDEX "vital_reading_resident_id_kind_measured_at_idx" ON "vital_reading"("resident_id", "kind", "measured_at");

-- CreateIndex
CREATE INDEX "vital_reading_resident_id_measured_at_idx" ON "vital_reading"("resident_id", "measured_at");

-- CreateIndex
CREATE UNIQUE INDEX "vital_alert_reading_id_key" ON "vital_alert"("reading_id");

-- CreateIndex
CREATE INDEX "vital_alert_status_created_at_idx" ON "vital_alert"("status", "created_at");

-- CreateIndex
CREATE INDEX "vital_alert_resident_id_status_idx" ON "vital_alert"("resident_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "home_device_token_hash_key" ON "home_device"("token_hash");

-- CreateIndex
CREATE INDEX "home_device_resident_id_idx" ON "home_device"("resident_id");

-- CreateIndex
CREATE UNIQUE INDEX "integration_credential_token_hash_key" ON "integration_credential"("token_hash");

-- CreateIndex
CREATE INDEX "integration_credential_institution_id_idx" ON "integration_credential"("institution_id");

-- CreateIndex
CREATE UNIQUE INDEX "fhir_bundle_receipt_institution_id_bundle_hash_key" ON "fhir_bundle_receipt"("institution_id", "bundle_hash");

-- CreateIndex
CREATE INDEX "record_consent_resident_id_idx" ON "record_consent"("resident_id");

-- CreateIndex
CREATE INDEX "record_consent_grantee_user_id_idx" ON "record_consent"("grantee_user_id");

-- CreateIndex
CREATE INDEX "record_consent_grantee_institution_id_idx" ON "record_consent"("grantee_institution_id");

-- CreateIndex
CREATE INDEX "emergency_access_resident_id_idx" ON "emergency_access"("resident_id");

-- CreateIndex
CREATE INDEX "emergency_access_user_id_expires_at_idx" ON "emergency_access"("user_id", "expires_at");

-- CreateIndex
CREATE INDEX "emergency_access_institution_id_reviewed_at_idx" ON "emergency_access"("institution_id", "reviewed_at");

-- CreateIndex
CREATE INDEX "family_link_guardian_user_id_idx" ON "family_link"("guardian_user_id");

-- CreateIndex
CREATE INDEX "family_link_resident_id_idx" ON "family_link"("resident_id");

-- AddForeignKey
ALTER TABLE "record_entry" ADD CONSTRAINT "record_entry_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "record_entry" ADD CONSTRAINT "record_entry_source_institution_id_fkey" FOREIGN KEY ("source_institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "record_entry" ADD CONSTRAINT "record_entry_receipt_id_fkey" FOREIGN KEY ("receipt_id") REFERENCES "fhir_bundle_receipt"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "record_file" ADD CONSTRAINT "record_file_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "record_entry"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vital_reading" ADD CONSTRAINT "vital_reading_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vital_reading" ADD CONSTRAINT "vital_reading_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "home_device"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vital_reading" ADD CONSTRAINT "vital_reading_source_institution_id_fkey" FOREIGN KEY ("source_institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vital_alert" ADD CONSTRAINT "vital_alert_reading_id_fkey" FOREIGN KEY ("reading_id") REFERENCES "vital_reading"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "home_device" ADD CONSTRAINT "home_device_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integration_credential" ADD CONSTRAINT "integration_credential_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fhir_bundle_receipt" ADD CONSTRAINT "fhir_bundle_receipt_credential_id_fkey" FOREIGN KEY ("credential_id") REFERENCES "integration_credential"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "record_consent" ADD CONSTRAINT "record_consent_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "emergency_access" ADD CONSTRAINT "emergency_access_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "family_link" ADD CONSTRAINT "family_link_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A consent names exactly one grantee: a person or an institution.
ALTER TABLE "record_consent" ADD CONSTRAINT "record_consent_one_grantee"
  CHECK (("grantee_user_id" IS NULL) <> ("grantee_institution_id" IS NULL));

-- One active link per guardian and resident.
CREATE UNIQUE INDEX "family_link_active_key" ON "family_link"("guardian_user_id", "resident_id") WHERE "ended_at" IS NULL;

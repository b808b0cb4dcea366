-- CreateEnum
CREATE TYPE "HealthCardStatus" AS ENUM ('ACTIVE', 'SUSPENDED', 'REVOKED');

-- CreateEnum
CREATE TYPE "HealthCardChannel" AS ENUM ('ONLINE', 'WINDOW', 'BATCH');

-- CreateEnum
CREATE TYPE "IdentifierKind" AS ENUM ('HOSPITAL_PATIENT_NO', 'VISIT_CARD', 'MATERNAL_CHILD_CARD', 'IMMUNISATION_CARD', 'SOCIAL_SECURITY_CARD');

-- CreateEnum
CREATE TYPE "ImportJobStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- AlterTable
ALTER TABLE "resident" ADD COLUMN     "doc_index" CHAR(64),
ADD COLUMN     "doc_key_version" INTEGER,
ADD COLUMN     "doc_number_enc" TEXT,
ADD COLUMN     "doc_type" CHAR(2),
ADD COLUMN     "merged_at" TIMESTAMPTZ(3),
ADD COLUMN     "merged_into_id" UUID,
ADD COLUMN     "phone_enc" TEXT,
ADD COLUMN     "phone_index" CHAR(64),
ADD COLUMN     "phone_key_version" INTEGER,
ADD COLUMN     "verification_note" VARCHAR(200),
ADD COLUMN     "verified" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "verified_at" TIMESTAMPTZ(3),
ADD COLUMN     "verified_by_id" UUID;

-- CreateTable
CREATE TABLE "health_card" (
    "id" UUID NOT NULL,
    "resident_id" UUID NOT NULL,
    "card_id" CHAR(64) NOT NULL,
    "key_version" INTEGER NOT NULL,
    "status" "HealthCardStatus" NOT NULL DEFAULT 'ACTIVE',
    "channel" "HealthCardChannel" NOT NULL,
    "issuing_institution_id" UUID,
    "issued_by_id" UUID,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "health_card_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resident_identifier" (
    "id" UUID NOT NULL,
    "resident_id" UUID NOT NULL,
    "kind" "IdentifierKind" NOT NULL,
    "issuer" VARCHAR(32) NOT NULL,
    "value" VARCHAR(64) NOT NULL,
    "created_by_id" UUID,
    "import_job_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resident_identifier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resident_merge" (
    "id" UUID NOT NULL,
    "from_resident_id" UUID NOT NULL,
    "into_resident_id" UUID NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "merged_by_id" UUID NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resident_merge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "terminal" (
    "id" UUID NOT NULL,
    "institution_id" UUID NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "token_hint" VARCHAR(16) NOT NULL,
    "sm2_public_key" VARCHAR(130),
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "terminal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "qr_replay" (
    "code" VARCHAR(100) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "qr_replay_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "import_job" (
    "id" UUID NOT NULL,
    "institution_id" UUID NOT NULL,
    "created_by_id" UUID NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "file_sm3" CHAR(64) NOT NULL,
    "encoding" VARCHAR(16),
    "content" BYTEA NOT NULL,
    "status" "ImportJobStatus" NOT NULL DEFAULT 'QUEUED',
    "total_rows" INTEGER NOT NULL DEFAULT 0,
    "processed_rows" INTEGER NOT NULL DEFAULT 0,
    "created_count" INTEGER NOT NULL DEFAULT 0,
    "linked_count" INTEGER NOT NULL DEFAULT 0,
    "unchanged_count" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "failure_key" VARCHAR(100),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_row_error" (
    "id" BIGSERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "row_number" INTEGER NOT NULL,
    "field" VARCHAR(32),
    "reason_key" VARCHAR(100) NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "import_row_error_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "health_card_resident_id_key" ON "health_card"("resident_id");

-- CreateIndex
CREATE UNIQUE INDEX "health_card_card_id_key" ON "health_card"("card_id");

-- CreateIndex
CREATE INDEX "resident_identifier_value_idx" ON "resident_identifier"("value");

-- CreateIndex
CREATE INDEX "resident_identifier_resident_id_idx" ON "resident_identifier"("resident_id");

-- CreateIndex
CREATE UNIQUE INDEX "resident_identifier_kind_issuer_value_key" ON "resident_identifier"("kind", "issuer", "value");

-- CreateIndex
CREATE INDEX "resident_merge_from_resident_id_idx" ON "resident_merge"("from_resident_id");

-- CreateIndex
CREATE INDEX "resident_merge_into_resident_id_idx" ON "resident_merge"("into_resident_id");

-- CreateIndex
CREATE UNIQUE INDEX "terminal_token_hash_key" ON "terminal"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "terminal_institution_id_code_key" ON "terminal"("institution_id", "code");

-- CreateIndex
CREATE INDEX "qr_replay_expires_at_idx" ON "qr_replay"("expires_at");

-- CreateIndex
CREATE INDEX "import_job_institution_id_created_at_idx" ON "import_job"("institution_id", "created_at");

-- CreateIndex
CREATE INDEX "import_row_error_job_id_row_number_idx" ON "import_row_error"("job_id", "row_number");

-- CreateIndex
CREATE UNIQUE INDEX "resident_doc_index_key" ON "resident"("doc_index");

-- CreateIndex
CREATE INDEX "resident_phone_index_idx" ON "resident"("phone_index");

-- CreateIndex
CREATE INDEX "resident_name_idx" ON "resident"("name");

-- CreateIndex
CREATE INDEX "resident_merged_into_id_idx" ON "resident"("merged_into_id");

-- AddForeignKey
ALTER TABLE "resident" ADD CONSTRAINT "resident_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "health_card" ADD CONSTRAINT "health_card_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "health_card" ADD CONSTRAINT "health_card_issuing_institution_id_fkey" FOREIGN KEY ("issuing_institution_id") REFERENCES "institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resident_identifier" ADD CONSTRAINT "resident_identifier_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resident_merge" ADD CONSTRAINT "resident_merge_from_resident_id_fkey" FOREIGN KEY ("from_resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "resident_merge" ADD CONSTRAINT "resident_merge_into_resident_id_fkey" FOREIGN KEY ("into_resident_id") REFERENCES "resident"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "terminal" ADD CONSTRAINT "terminal_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_job" ADD CONSTRAINT "import_job_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_row_error" ADD CONSTRAINT "import_row_error_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "import_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

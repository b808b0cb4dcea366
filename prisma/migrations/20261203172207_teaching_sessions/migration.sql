-- CreateEnum
CREATE TYPE "TeachingSessionStatus" AS ENUM ('SCHEDULED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TeachingRegistrationSource" AS ENUM ('SELF', 'INSTITUTION_ADMIN');

-- AlterEnum
ALTER TYPE "VideoRoomRole" ADD VALUE 'VIEWER';

-- CreateTable
CREATE TABLE "operating_room" (
    "id" UUID NOT NULL,
    "institution_id" UUID NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "operating_room_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "camera_kit" (
    "id" UUID NOT NULL,
    "institution_id" UUID NOT NULL,
    "operating_room_id" UUID,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "camera_kit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teaching_session" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "title" VARCHAR(200) NOT NULL,
    "procedure" VARCHAR(200) NOT NULL,
    "description" VARCHAR(2000) NOT NULL DEFAULT '',
    "surgeon_id" UUID NOT NULL,
    "operating_room_id" UUID NOT NULL,
    "camera_kit_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "TeachingSessionStatus" NOT NULL DEFAULT 'SCHEDULED',
    "video_room_id" UUID NOT NULL,
    "created_by_id" UUID NOT NULL,
    "cancelled_at" TIMESTAMPTZ(3),
    "cancel_reason" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "teaching_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teaching_moderator" (
    "session_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,

    CONSTRAINT "teaching_moderator_pkey" PRIMARY KEY ("session_id","user_id")
);

-- CreateTable
CREATE TABLE "teaching_invitation" (
    "session_id" UUID NOT NULL,
    "institution_id" UUID NOT NULL,

    CONSTRAINT "teaching_invitation_pkey" PRIMARY KEY ("session_id","institution_id")
);

-- CreateTable
CREATE TABLE "teaching_registration" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "trainee_id" UUID NOT NULL,
    "institution_id" UUID NOT NULL,
    "source" "TeachingRegistrationSource" NOT NULL,
    "registered_by_id" UUID NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelled_at" TIMESTAMPTZ(3),
    "cancelled_by_id" UUID,

    CONSTRAINT "teaching_registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teaching_reminder_sent" (
    "session_id" UUID NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "teaching_reminder_sent_pkey" PRIMARY KEY ("session_id","kind","starts_at")
);

-- CreateIndex
CREATE UNIQUE INDEX "operating_room_institution_id_code_key" ON "operating_room"("institution_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "camera_kit_institution_id_code_key" ON "camera_kit"("institution_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "teaching_session_video_room_id_key" ON "teaching_session"("video_room_id");

-- CreateIndex
CREATE INDEX "teaching_session_starts_at_idx" ON "teaching_session"("starts_at");

-- CreateIndex
CREATE INDEX "teaching_session_surgeon_id_starts_at_idx" ON "teaching_session"("surgeon_id", "starts_at");

-- CreateIndex
CREATE INDEX "teaching_moderator_user_id_idx" ON "teaching_moderator"("user_id");

-- CreateIndex
CREATE INDEX "teaching_invitation_institution_id_idx" ON "teaching_invitation"("institution_id");

-- CreateIndex
CREATE INDEX "teaching_registration_trainee_id_idx" ON "teaching_registration"("trainee_id");

-- CreateIndex
CREATE INDEX "teaching_registration_session_id_institution_id_idx" ON "teaching_registration"("session_id", "institution_id");

-- CreateIndex
CREATE UNIQUE INDEX "teaching_registration_session_id_trainee_id_key" ON "teaching_registration"("session_id", "trainee_id");

-- AddForeignKey
ALTER TABLE "operating_room" ADD CONSTRAINT "operating_room_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "camera_kit" ADD CONSTRAINT "camera_kit_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "camera_kit" ADD CONSTRAINT "camera_kit_operating_room_id_fkey" FOREIGN KEY ("operating_room_id") REFERENCES "operating_room"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_session" ADD CONSTRAINT "teaching_session_surgeon_id_fkey" FOREIGN KEY ("surgeon_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_session" ADD CONSTRAINT "teaching_session_operating_room_id_fkey" FOREIGN KEY ("operating_room_id") REFERENCES "operating_room"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_session" ADD CONSTRAINT "teaching_session_camera_kit_id_fkey" FOREIGN KEY ("camera_kit_id") REFERENCES "camera_kit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_session" ADD CONSTRAINT "teaching_session_video_room_id_fkey" FOREIGN KEY ("video_room_id") REFERENCES "video_room"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_session" ADD CONSTRAINT "teaching_session_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_moderator" ADD CONSTRAINT "teaching_moderator_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "teaching_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_moderator" ADD CONSTRAINT "teaching_moderator_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_invitation" ADD CONSTRAINT "teaching_invitation_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "teaching_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_invitation" ADD CONSTRAINT "teaching_invitation_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_registration" ADD CONSTRAINT "teaching_registration_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "teaching_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_registration" ADD CONSTRAINT "teaching_registration_trainee_id_fkey" FOREIGN KEY ("trainee_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_registration" ADD CONSTRAINT "teaching_registration_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_registration" ADD CONSTRAINT "teaching_registration_registered_by_id_fkey" FOREIGN KEY ("registered_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "teaching_reminder_sent" ADD CONSTRAINT "teaching_reminder_sent_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "teaching_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: a bookable resource of surgical teaching (the surgeon, the operating room, the
-- camera kit) is never in two scheduled sessions at once. One constraint per resource, so the
-- refusal names the busy one (server/teaching/sessions.ts). tstzrange refuses an end before the start.
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE "teaching_session" ADD CONSTRAINT "teaching_session_surgeon_no_overlap"
  EXCLUDE USING gist ("surgeon_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("status" = 'SCHEDULED');
ALTER TABLE "teaching_session" ADD CONSTRAINT "teaching_session_operating_room_no_overlap"
  EXCLUDE USING gist ("operating_room_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("status" = 'SCHEDULED');
ALTER TABLE "teaching_session" ADD CONSTRAINT "teaching_session_camera_kit_no_overlap"
  EXCLUDE USING gist ("camera_kit_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("status" = 'SCHEDULED');

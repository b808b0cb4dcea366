-- CreateEnum
CREATE TYPE "VideoRoomRole" AS ENUM ('HOST', 'PARTICIPANT');

-- CreateEnum
CREATE TYPE "VideoRoomStatus" AS ENUM ('SCHEDULED', 'LIVE', 'ENDED');

-- CreateTable
CREATE TABLE "video_room" (
    "id" UUID NOT NULL,
    "consultation_id" VARCHAR(64),
    "title" VARCHAR(200) NOT NULL,
    "scheduled_start" TIMESTAMPTZ(3) NOT NULL,
    "scheduled_end" TIMESTAMPTZ(3) NOT NULL,
    "status" "VideoRoomStatus" NOT NULL DEFAULT 'SCHEDULED',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "video_room_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "video_room_participant" (
    "room_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "VideoRoomRole" NOT NULL,

    CONSTRAINT "video_room_participant_pkey" PRIMARY KEY ("room_id","user_id")
);

-- CreateTable
CREATE TABLE "video_session" (
    "id" UUID NOT NULL,
    "room_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(3),
    "ended_by_id" UUID,

    CONSTRAINT "video_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "video_attendance" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "left_at" TIMESTAMPTZ(3),
    "left_reason" VARCHAR(32),

    CONSTRAINT "video_attendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "video_chat_message" (
    "id" UUID NOT NULL,
    "room_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "body" VARCHAR(2000) NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "video_chat_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "video_snapshot" (
    "id" UUID NOT NULL,
    "room_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "caption" VARCHAR(200),
    "image_png" BYTEA NOT NULL,
    "annotations" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "video_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "video_room_consultation_id_key" ON "video_room"("consultation_id");

-- CreateIndex
CREATE INDEX "video_room_scheduled_start_idx" ON "video_room"("scheduled_start");

-- CreateIndex
CREATE INDEX "video_room_participant_user_id_idx" ON "video_room_participant"("user_id");

-- CreateIndex
CREATE INDEX "video_session_room_id_started_at_idx" ON "video_session"("room_id", "started_at");

-- CreateIndex
CREATE INDEX "video_attendance_session_id_user_id_idx" ON "video_attendance"("session_id", "user_id");

-- CreateIndex
CREATE INDEX "video_chat_message_room_id_sent_at_idx" ON "video_chat_message"("room_id", "sent_at");

-- CreateIndex
CREATE INDEX "video_snapshot_room_id_created_at_idx" ON "video_snapshot"("room_id", "created_at");

-- AddForeignKey
ALTER TABLE "video_room_participant" ADD CONSTRAINT "video_room_participant_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "video_room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_room_participant" ADD CONSTRAINT "video_room_participant_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_session" ADD CONSTRAINT "video_session_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "video_room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_attendance" ADD CONSTRAINT "video_attendance_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "video_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_attendance" ADD CONSTRAINT "video_attendance_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_chat_message" ADD CONSTRAINT "video_chat_message_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "video_room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_chat_message" ADD CONSTRAINT "video_chat_message_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_snapshot" ADD CONSTRAINT "video_snapshot_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "video_room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_snapshot" ADD CONSTRAINT "video_snapshot_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

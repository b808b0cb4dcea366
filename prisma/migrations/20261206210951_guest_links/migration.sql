-- CreateEnum
CREATE TYPE "VideoGuestKind" AS ENUM ('PATIENT', 'FAMILY', 'OUTSIDE_EXPERT');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'GUEST';

-- CreateTable
CREATE TABLE "video_guest_link" (
    "id" UUID NOT NULL,
    "room_id" UUID NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "display_name" VARCHAR(50) NOT NULL,
    "kind" "VideoGuestKind" NOT NULL,
    "phone_masked" VARCHAR(16),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "guest_user_id" UUID,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "video_guest_link_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "video_guest_link_token_hash_key" ON "video_guest_link"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "video_guest_link_guest_user_id_key" ON "video_guest_link"("guest_user_id");

-- CreateIndex
CREATE INDEX "video_guest_link_room_id_created_at_idx" ON "video_guest_link"("room_id", "created_at");

-- AddForeignKey
ALTER TABLE "video_guest_link" ADD CONSTRAINT "video_guest_link_room_id_fkey" FOREIGN KEY ("room_id") REFERENCES "video_room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_guest_link" ADD CONSTRAINT "video_guest_link_guest_user_id_fkey" FOREIGN KEY ("guest_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "video_guest_link" ADD CONSTRAINT "video_guest_link_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateEnum
CREATE TYPE "MergeMovedKind" AS ENUM ('IDENTIFIER', 'CONSULTATION', 'FOLLOW_UP_ADVICE');

-- AlterTable
ALTER TABLE "resident_merge" ADD COLUMN     "conflicts" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "from_card_status" "HealthCardStatus",
ADD COLUMN     "moved_user_id" UUID,
ADD COLUMN     "override_reason" VARCHAR(500),
ADD COLUMN     "undo_reason" VARCHAR(500),
ADD COLUMN     "undone_at" TIMESTAMPTZ(3),
ADD COLUMN     "undone_by_id" UUID;

-- CreateTable
CREATE TABLE "resident_merge_move" (
    "id" BIGSERIAL NOT NULL,
    "merge_id" UUID NOT NULL,
    "kind" "MergeMovedKind" NOT NULL,
    "row_id" UUID NOT NULL,

    CONSTRAINT "resident_merge_move_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "resident_merge_move_merge_id_kind_row_id_key" ON "resident_merge_move"("merge_id", "kind", "row_id");

-- AddForeignKey
ALTER TABLE "resident_merge_move" ADD CONSTRAINT "resident_merge_move_merge_id_fkey" FOREIGN KEY ("merge_id") REFERENCES "resident_merge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

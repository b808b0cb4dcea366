-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('MALE', 'FEMALE', 'UNKNOWN');

-- CreateTable
CREATE TABLE "resident" (
    "id" UUID NOT NULL,
    "master_index_id" CHAR(64) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "sex" "Sex" NOT NULL DEFAULT 'UNKNOWN',
    "birth_date" DATE,
    "user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "resident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "resident_master_index_id_key" ON "resident"("master_index_id");

-- CreateIndex
CREATE UNIQUE INDEX "resident_user_id_key" ON "resident"("user_id");

-- AddForeignKey
ALTER TABLE "resident" ADD CONSTRAINT "resident_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

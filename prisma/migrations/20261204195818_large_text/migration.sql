-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "large_text" BOOLEAN NOT NULL DEFAULT false;

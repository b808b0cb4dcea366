-- CreateTable
CREATE TABLE "opinion_template" (
    "id" UUID NOT NULL,
    "institution_id" UUID NOT NULL,
    "specialty" VARCHAR(32) NOT NULL,
    "owner_id" UUID,
    "name" VARCHAR(100) NOT NULL,
    "findings" TEXT NOT NULL DEFAULT '',
    "impression" TEXT NOT NULL DEFAULT '',
    "recommendations" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" UUID NOT NULL,
    "updated_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "opinion_template_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "opinion_template_institution_id_specialty_idx" ON "opinion_template"("institution_id", "specialty");

-- CreateIndex
CREATE INDEX "opinion_template_owner_id_idx" ON "opinion_template"("owner_id");

-- AddForeignKey
ALTER TABLE "opinion_template" ADD CONSTRAINT "opinion_template_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "opinion_template" ADD CONSTRAINT "opinion_template_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: a name is unique within a specialty's shared list and within one expert's personal ones.
CREATE UNIQUE INDEX "opinion_template_shared_name_key" ON "opinion_template"("institution_id", "specialty", "name") WHERE "owner_id" IS NULL;
CREATE UNIQUE INDEX "opinion_template_personal_name_key" ON "opinion_template"("owner_id", "name") WHERE "owner_id" IS NOT NULL;
